/// The area under a ROC curve with its DeLong standard error.
public struct AUCResult: Equatable, Sendable {
    /// P(s_signal > s_background) + ½ P(s_signal = s_background), exact up to one final division.
    public var auc: Double
    /// DeLong's standard error of `auc`; nil when not requested, or when a class has a single
    /// event (its sample variance is undefined).
    public var standardError: Double?
    /// Signal events (labels 1) the AUC was computed on.
    public var nSignal: Int
    /// Background events (labels 0) the AUC was computed on.
    public var nBackground: Int

    /// A result as computed elsewhere, such as one read back from a results file.
    public init(auc: Double, standardError: Double?, nSignal: Int, nBackground: Int) {
        self.auc = auc
        self.standardError = standardError
        self.nSignal = nSignal
        self.nBackground = nBackground
    }
}

extension Metrics {
    /// The exact, tie-aware AUC of unweighted events, and by default DeLong's standard error.
    ///
    /// - Parameters:
    ///   - scores: classifier outputs; any finite or infinite value, not NaN.
    ///   - labels: 1 for signal, 0 for background, one per score.
    ///   - standardError: pass false to skip DeLong's variance when only the area is wanted.
    /// - Throws: ``MetricsError`` for mismatched lengths, NaN scores, bad labels or an empty class.
    public static func auc(scores: [Float], labels: [Float], standardError: Bool = true) throws -> AUCResult {
        let ranked = try RankedScores(scores: scores, labels: labels)
        return standardError ? areaWalk(ranked, delong: true) : areaWalk(ranked, delong: false)
    }

    /// One ascending walk over the distinct scores, in integers so that the area and DeLong's
    /// sums are exact whatever the number of events.
    ///
    /// For a score shared by `cp` signal and `cn` background events, each of those signal events
    /// beats `a = 2·below + cn` halves of a background event (`below` = background events scoring
    /// lower); each of those background events is beaten by `b = 2·above + cp` halves of a signal
    /// event. DeLong's components are a/(2N) and b/(2P); their sample variances follow from
    /// Σa, Σa², Σb, Σb² without a second pass.
    @inline(__always)
    static func areaWalk(_ ranked: RankedScores, delong: Bool) -> AUCResult {
        let nSignal = ranked.signal.count, nBackground = ranked.background.count
        let p = UInt64(nSignal), n = UInt64(nBackground)
        var twiceU: UInt64 = 0 // Σ cp·a, twice the Mann-Whitney U
        var sumA2: UInt128 = 0
        var sumB2: UInt128 = 0
        ranked.signal.withUnsafeBufferPointer { sig in
            ranked.background.withUnsafeBufferPointer { bkg in
                var i = 0, j = 0
                var backgroundBelow: UInt64 = 0, signalBelow: UInt64 = 0
                while i < nSignal || j < nBackground {
                    let s = i < nSignal ? sig[i] : ScoreKey.end
                    let b = j < nBackground ? bkg[j] : ScoreKey.end
                    let key = min(s, b)
                    var cp: UInt64 = 0, cn: UInt64 = 0
                    while i < nSignal && sig[i] == key { i += 1; cp += 1 }
                    while j < nBackground && bkg[j] == key { j += 1; cn += 1 }
                    if cp > 0 {
                        let a = 2 &* backgroundBelow &+ cn
                        twiceU &+= cp &* a
                        if delong { sumA2 &+= UInt128(cp) &* UInt128(a) &* UInt128(a) }
                    }
                    if delong && cn > 0 {
                        let above = p &- signalBelow &- cp
                        let b = 2 &* above &+ cp
                        sumB2 &+= UInt128(cn) &* UInt128(b) &* UInt128(b)
                    }
                    backgroundBelow &+= cn
                    signalBelow &+= cp
                }
            }
        }
        let pairs = Double(p) * Double(n)
        let auc = Double(twiceU) / (2 * pairs)
        var standardError: Double?
        if delong && nSignal > 1 && nBackground > 1 {
            // Σb equals Σa = twiceU: both count every pair once, from either side.
            let u2 = UInt128(twiceU) * UInt128(twiceU)
            // P·Σa² − (Σa)² = 4N²·P(P−1)·S10, exact; likewise for the background side.
            let scatterA = Double(UInt128(p) * sumA2 - u2)
            let scatterB = Double(UInt128(n) * sumB2 - u2)
            let fourPN = 4 * pairs
            // Var = S10/P + S01/N.
            let variance =
                scatterA / (Double(p) * Double(p - 1) * fourPN * Double(n))
                + scatterB / (Double(n) * Double(n - 1) * fourPN * Double(p))
            standardError = variance.squareRoot()
        }
        return AUCResult(auc: auc, standardError: standardError, nSignal: nSignal, nBackground: nBackground)
    }
}
