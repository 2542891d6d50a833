import Foundation
import ParamRunMetrics
import Testing

/// Turning points of a sampled curve, with a tolerance below which wiggles do not count.
@Suite struct TurningPointsTests {
    private func grid(_ f: (Double) -> Double, points: Int = 201) -> [Double] {
        (0..<points).map { f(Double($0) / Double(points - 1)) }
    }

    @Test("a monotone curve has none, a single peak one, a sine over two periods three")
    func shapes() {
        #expect(TurningPoints.count(grid { 3 * $0 }, tolerance: 0.01) == 0)
        #expect(TurningPoints.count(grid { -($0 - 0.4) * ($0 - 0.4) }, tolerance: 0.01) == 1)
        #expect(TurningPoints.count(grid { sin(4 * Double.pi * $0) }, tolerance: 0.01) == 4)
        #expect(TurningPoints.count(grid { sin(3 * Double.pi * $0) }, tolerance: 0.01) == 3)
    }

    @Test("wiggles smaller than the tolerance do not count; larger ones do")
    func tolerance() {
        // A rising line (0.005 a step) with a seeded ±0.01 jitter: many small reversals, none of 0.05.
        var state: UInt64 = 12345
        let noisy = grid { x in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return x + 0.02 * (Double(state >> 11) / Double(1 << 53) - 0.5)
        }
        #expect(TurningPoints.count(noisy, tolerance: 0.05) == 0)
        #expect(TurningPoints.count(noisy, tolerance: 1e-5) > 10)
        // A plateau between a rise and a rise is no turn; a dip of exactly the tolerance is two.
        #expect(TurningPoints.count([0, 1, 1, 1, 2], tolerance: 0.5) == 0)
        #expect(TurningPoints.count([0, 1, 0.5, 2], tolerance: 0.5) == 2)
        #expect(TurningPoints.count([0, 1, 0.6, 2], tolerance: 0.5) == 0)
    }

    @Test("empty, single and constant curves have none")
    func degenerate() {
        #expect(TurningPoints.count([], tolerance: 0.1) == 0)
        #expect(TurningPoints.count([1], tolerance: 0.1) == 0)
        #expect(TurningPoints.count([Double](repeating: 2, count: 50), tolerance: 0.1) == 0)
    }
}
