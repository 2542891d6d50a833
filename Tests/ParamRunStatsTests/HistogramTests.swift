import Foundation
import ParamRunSupport
import Testing
@testable import ParamRunStats

@Suite struct HistogramTests {
    /// Seeded samples: background near 0 (u²), signal near 1 (1 − u²), weights in [0.5, 1.5).
    static func events(_ n: Int, seed: UInt64, signal: Bool) -> (scores: [Double], weights: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var scores: [Double] = [], weights: [Double] = []
        for _ in 0..<n {
            let u = rng.nextUniform()
            scores.append(signal ? 1 - u * u : u * u)
            weights.append(0.5 + rng.nextUniform())
        }
        return (scores, weights)
    }

    @Test func equalBinningSumsWeightsAndSquares() throws {
        let h = try Histogram.build(
            signalScores: [0.1, 0.6, 0.9, 1.0], signalWeights: [1, 2, 3, 4],
            backgroundScores: [0.0, 0.3, 0.55, 0.75], backgroundWeights: [1, 1, 2, 3],
            bins: 4, strategy: .equal)
        #expect(h.edges == [0, 0.25, 0.5, 0.75, 1])
        #expect(h.signalSumW == [1, 0, 2, 7])
        #expect(h.signalSumW2 == [1, 0, 4, 25])
        #expect(h.backgroundSumW == [1, 1, 2, 3])
        #expect(h.backgroundUncertainty == [1, 1, 2, 3])
    }

    @Test(arguments: [BinningStrategy.quantile, .flatSignal])
    func quantileStrategiesEqualiseTheirSample(strategy: BinningStrategy) throws {
        let s = Self.events(4000, seed: 1, signal: true), b = Self.events(4000, seed: 2, signal: false)
        let h = try Histogram.build(
            signalScores: s.scores, signalWeights: s.weights, backgroundScores: b.scores,
            backgroundWeights: b.weights, bins: 8, strategy: strategy)
        #expect(h.binCount == 8)
        let sums = strategy == .quantile ? h.backgroundSumW : h.signalSumW
        let mean = sums.reduce(0, +) / 8
        // Each bin holds 1/8 of the weight up to one event's weight (< 1.5).
        for v in sums { #expect(abs(v - mean) < 1.5) }
        #expect(h.edges.first == 0 && h.edges.last == 1)
        #expect(zip(h.edges, h.edges.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func emptyBackgroundBinsAreMergedDownward() throws {
        // Background only below 0.3; signal everywhere: bins above 0.3 merge into one.
        let h = try Histogram.build(
            signalScores: [0.05, 0.15, 0.35, 0.55, 0.75, 0.95], signalWeights: [1, 1, 1, 1, 1, 1],
            backgroundScores: [0.05, 0.12, 0.18, 0.25, 0.28, 0.01], backgroundWeights: [1, 1, 1, 1, 1, 1],
            bins: 5, strategy: .equal)
        // [0.4, 1] has no background: it joins [0.2, 0.4), the highest bin with some.
        #expect(h.edges == [0, 0.2, 1])
        #expect(h.signalSumW == [2, 4])
        #expect(h.backgroundSumW == [4, 2])
        #expect(h.requestedBins == 5)
    }

    @Test func emptyBinsNeverGiveNaN() throws {
        let s = Self.events(60, seed: 3, signal: true), b = Self.events(60, seed: 4, signal: false)
        let h = try Histogram.build(
            signalScores: s.scores, signalWeights: s.weights, backgroundScores: b.scores,
            backgroundWeights: b.weights, bins: 50, strategy: .equal)
        #expect(h.binCount < 50)
        #expect(h.backgroundSumW.allSatisfy { $0 > 0 })
        #expect(abs(h.signalSumW.reduce(0, +) - s.weights.reduce(0, +)) < 1e-9)
        #expect(abs(h.backgroundSumW.reduce(0, +) - b.weights.reduce(0, +)) < 1e-9)
        let z = try AsimovSignificance.z(h)
        #expect(z.isFinite && z > 0)
        let ws = try HistFactoryWorkspace.search(histogram: h, backgroundNormUncertainty: 0.1)
        let limit = try AsymptoticCLs.expectedUpperLimit(model: HistFactoryModel(workspace: ws))
        #expect(limit.ordered.allSatisfy { $0.isFinite && $0 > 0 })
    }

    @Test func badInputIsRejectedWithItsPlace() {
        #expect(throws: StatsError.tooFewEvents(sample: "signal", have: 2, needed: 3)) {
            try Histogram.build(
                signalScores: [0.5, 0.6], signalWeights: [1, 1], backgroundScores: [0.1, 0.2, 0.3],
                backgroundWeights: [1, 1, 1], bins: 3, strategy: .equal)
        }
        #expect(
            throws: StatsError.invalidValue(
                field: "background weights", index: 1, value: -1, reason: "weight must be finite and ≥ 0")
        ) {
            try Histogram.build(
                signalScores: [0.5], signalWeights: [1], backgroundScores: [0.1, 0.2], backgroundWeights: [1, -1],
                bins: 1, strategy: .equal)
        }
        #expect(throws: StatsError.self) {
            try Histogram.build(
                signalScores: [0.5], signalWeights: [.nan], backgroundScores: [0.1], backgroundWeights: [1], bins: 1,
                strategy: .equal)
        }
        #expect(
            throws: StatsError.invalidValue(
                field: "signal scores", index: 0, value: 1.5, reason: "score must be a finite number in [0, 1]")
        ) {
            try Histogram.build(
                signalScores: [1.5], signalWeights: [1], backgroundScores: [0.1], backgroundWeights: [1], bins: 1,
                strategy: .equal)
        }
        #expect(throws: StatsError.lengthMismatch(field: "signal weights", expected: 1, got: 2)) {
            try Histogram.build(
                signalScores: [0.5], signalWeights: [1, 1], backgroundScores: [0.1], backgroundWeights: [1], bins: 1,
                strategy: .equal)
        }
        #expect(throws: StatsError.self) {
            try Histogram.build(
                signalScores: [0.5], signalWeights: [1], backgroundScores: [0.1], backgroundWeights: [1], bins: 0,
                strategy: .equal)
        }
        // Zero-weight events do not count towards the bins' needs: all-zero signal is too few.
        #expect(throws: StatsError.tooFewEvents(sample: "signal", have: 0, needed: 1)) {
            try Histogram.build(
                signalScores: [0.5], signalWeights: [0], backgroundScores: [0.1], backgroundWeights: [1], bins: 1,
                strategy: .equal)
        }
    }
}
