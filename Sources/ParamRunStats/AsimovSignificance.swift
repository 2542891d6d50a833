import Foundation

/// The binned Asimov discovery significance without uncertainties,
/// Z = √(Σᵢ 2((sᵢ + bᵢ) ln(1 + sᵢ/bᵢ) − sᵢ)) (Cowan, Cranmer, Gross, Vitells 2011, eq. 97 per bin).
public enum AsimovSignificance {
    /// - Parameters:
    ///   - signal: expected signal per bin, finite and ≥ 0.
    ///   - background: expected background per bin, finite and > 0 (``Histogram`` guarantees it).
    /// - Throws: ``StatsError`` for mismatched lengths, an empty input, or bad yields.
    public static func z(signal: [Double], background: [Double]) throws -> Double {
        guard signal.count == background.count else {
            throw StatsError.lengthMismatch(field: "background", expected: signal.count, got: background.count)
        }
        guard !signal.isEmpty else { throw StatsError.invalidBinning(reason: "no bins") }
        var sum = 0.0
        for i in signal.indices {
            let s = signal[i], b = background[i]
            guard s.isFinite, s >= 0 else {
                throw StatsError.invalidValue(field: "signal", index: i, value: s, reason: "must be finite and ≥ 0")
            }
            guard b.isFinite, b > 0 else {
                throw StatsError.invalidValue(field: "background", index: i, value: b, reason: "must be finite and > 0")
            }
            sum += 2 * b * Self.excess(s / b)
        }
        guard sum.isFinite else {
            throw StatsError.invalidValue(
                field: "Z_A", index: nil, value: sum.squareRoot(),
                reason: "is not finite: the signal is too large against the background for a significance")
        }
        return sum.squareRoot()
    }

    /// (1 + x) ln(1 + x) − x ≥ 0. For small x the two terms cancel to x²/2, so the series
    /// Σₖ≥₂ (−x)ᵏ / (k(k − 1)) is summed instead; above 0.01 the direct form loses nothing.
    static func excess(_ x: Double) -> Double {
        guard x >= 0.01 else {
            var term = -x, sum = 0.0 // (−x)^k after the k-th multiplication
            for k in 2...12 {
                term *= -x
                sum += term / Double(k * (k - 1))
            }
            return max(0, sum)
        }
        return (1 + x) * Foundation.log1p(x) - x
    }

    /// Z of a histogram's signal and background sums of weights.
    public static func z(_ histogram: Histogram) throws -> Double {
        try z(signal: histogram.signalSumW, background: histogram.backgroundSumW)
    }
}
