import Foundation
import Testing
@testable import ParamRunStats

/// Each interpolation code against its closed form, inside and beyond α = ±1.
@Suite struct HistosysInterpolationTests {
    static let alphas: [Double] = [-3.2, -1.7, -1, -0.999, -0.6, -0.25, 0, 0.3, 0.75, 1, 1.0001, 2.4, 4.9]

    /// pyhf's code-4 coefficients, A⁻¹ b with the closed-form inverse for α₀ = 1.
    static func code4Coefficients(hi: Double, lo: Double) -> [Double] {
        let inverse: [[Double]] = [
            [15.0 / 16, -15.0 / 16, -7.0 / 16, -7.0 / 16, 1.0 / 16, -1.0 / 16],
            [3.0 / 2, 3.0 / 2, -9.0 / 16, 9.0 / 16, 1.0 / 16, 1.0 / 16],
            [-5.0 / 8, 5.0 / 8, 5.0 / 8, 5.0 / 8, -1.0 / 8, 1.0 / 8],
            [-3.0 / 2, -3.0 / 2, 7.0 / 8, -7.0 / 8, -1.0 / 8, -1.0 / 8],
            [3.0 / 16, -3.0 / 16, -3.0 / 16, -3.0 / 16, 1.0 / 16, -1.0 / 16],
            [1.0 / 2, 1.0 / 2, -5.0 / 16, 5.0 / 16, 1.0 / 16, 1.0 / 16]
        ]
        let lh = log(hi), ll = log(lo)
        let b = [hi - 1, lo - 1, lh * hi, -ll * lo, lh * lh * hi, ll * ll * lo]
        return inverse.map { row in zip(row, b).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    @Test(arguments: [(1.3, 0.8), (1.05, 0.9), (0.7, 1.2), (2.5, 0.4)])
    func normsysCode4MatchesItsClosedForm(hi: Double, lo: Double) {
        let curve = NormsysInterpolation.Curve(interpolation: .code4, hi: hi, lo: lo)
        let a = Self.code4Coefficients(hi: hi, lo: lo)
        for alpha in Self.alphas {
            let expected: Double
            if abs(alpha) >= 1 {
                expected = alpha > 0 ? pow(hi, alpha) : pow(lo, -alpha)
            } else {
                expected = 1 + (1...6).reduce(0.0) { $0 + a[$1 - 1] * pow(alpha, Double($1)) }
            }
            #expect(abs(curve.evaluate(alpha).value - expected) < 1e-12 * max(1, expected), "α = \(alpha)")
        }
    }

    @Test(arguments: [(1.3, 0.8), (0.6, 1.5)])
    func normsysCode1IsExponential(hi: Double, lo: Double) {
        let curve = NormsysInterpolation.Curve(interpolation: .code1, hi: hi, lo: lo)
        for alpha in Self.alphas {
            let e = curve.evaluate(alpha)
            let expected = alpha >= 0 ? pow(hi, alpha) : pow(lo, -alpha)
            let slope = alpha >= 0 ? expected * log(hi) : -expected * log(lo)
            #expect(abs(e.value - expected) < 1e-13 * expected)
            #expect(abs(e.first - slope) < 1e-12 * max(1, abs(slope)))
        }
    }

    @Test(arguments: [(10.0, 12.5, 8.0), (4.0, 3.5, 4.2), (7.0, 9.0, 6.5), (0.0, 1.0, 0.0)])
    func histosysCode0IsPiecewiseLinear(nominal: Double, hi: Double, lo: Double) {
        let curve = HistosysInterpolation.Curve(interpolation: .code0, nominal: nominal, hi: hi, lo: lo)
        for alpha in Self.alphas {
            let e = curve.evaluate(alpha)
            let slope = alpha > 0 ? hi - nominal : nominal - lo
            #expect(e.value == alpha * slope)
            #expect(e.first == slope && e.second == 0)
        }
        #expect(nominal + curve.evaluate(1).value == hi)
        #expect(abs(nominal + curve.evaluate(-1).value - lo) < 1e-15 * max(1, lo))
    }

    @Test(arguments: [(10.0, 12.5, 8.0), (4.0, 3.5, 4.2), (7.0, 9.0, 6.5), (2.0, 2.6, 1.9)])
    func histosysCode4pMatchesItsClosedForm(nominal: Double, hi: Double, lo: Double) {
        let curve = HistosysInterpolation.Curve(interpolation: .code4p, nominal: nominal, hi: hi, lo: lo)
        let up = hi - nominal, down = nominal - lo
        for alpha in Self.alphas {
            let e = curve.evaluate(alpha)
            let expected: Double, slope: Double, curvature: Double
            if alpha > 1 {
                (expected, slope, curvature) = (alpha * up, up, 0)
            } else if alpha < -1 {
                (expected, slope, curvature) = (alpha * down, down, 0)
            } else {
                // δ = α(Δ⁺ + Δ⁻)/2 + (Δ⁺ − Δ⁻)/16 · (15α² − 10α⁴ + 3α⁶), expanded independently.
                let s = (up + down) / 2, a = (up - down) / 16
                expected = alpha * s + a * (15 * pow(alpha, 2) - 10 * pow(alpha, 4) + 3 * pow(alpha, 6))
                slope = s + a * (30 * alpha - 40 * pow(alpha, 3) + 18 * pow(alpha, 5))
                curvature = a * (30 - 120 * pow(alpha, 2) + 90 * pow(alpha, 4))
            }
            #expect(abs(e.value - expected) < 1e-12 * max(1, abs(expected)), "α = \(alpha)")
            #expect(abs(e.first - slope) < 1e-12 * max(1, abs(slope)), "α = \(alpha)")
            #expect(abs(e.second - curvature) < 1e-12 * max(1, abs(curvature)), "α = \(alpha)")
        }
        // The templates are reproduced at ±1, and the curve is C² there.
        #expect(abs(nominal + curve.evaluate(1).value - hi) < 1e-12 * hi)
        #expect(abs(nominal + curve.evaluate(-1).value - lo) < 1e-12 * max(1, lo))
        for edge in [-1.0, 1.0] {
            let inside = curve.evaluate(edge * (1 - 1e-12)), outside = curve.evaluate(edge * (1 + 1e-12))
            #expect(abs(inside.first - outside.first) < 1e-9 * max(1, abs(up), abs(down)))
            #expect(abs(inside.second - outside.second) < 1e-9 * max(1, abs(up), abs(down)))
        }
    }
}
