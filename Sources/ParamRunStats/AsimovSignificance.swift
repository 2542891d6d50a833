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
            guard s.isFinite, s >= 0 else { throw StatsError.invalidValue(field: "signal", index: i, value: s, reason: "must be finite and ≥ 0") }
            guard b.isFinite, b > 0 else { throw StatsError.invalidValue(field: "background", index: i, value: b, reason: "must be finite and > 0") }
            // log1p keeps small s/b accurate; rounding can leave a tiny negative, which is zero.
            sum += max(0, 2 * ((s + b) * Foundation.log1p(s / b) - s))
        }
        return sum.squareRoot()
    }

    /// Z of a histogram's signal and background sums of weights.
    public static func z(_ histogram: Histogram) throws -> Double {
        try z(signal: histogram.signalSumW, background: histogram.backgroundSumW)
    }
}
