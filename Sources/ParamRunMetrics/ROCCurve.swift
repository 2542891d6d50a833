/// A ROC curve with one point per distinct score, from the strictest cut to the loosest.
///
/// Point `k` selects the events with score ≥ `thresholds[k]`. Point 0 has threshold +∞ and
/// selects nothing, (0, 0); the last point selects everything, (1, 1). This is scikit-learn's
/// `roc_curve(..., drop_intermediate=False)` with `tpr` = signal and `fpr` = background efficiency.
public struct ROCCurve: Equatable, Sendable {
    /// Distinct scores in decreasing order, after a leading +∞.
    public var thresholds: [Float]
    /// Fraction of signal (weight) selected at each threshold; non-decreasing.
    public var signalEfficiency: [Double]
    /// Fraction of background (weight) selected at each threshold; non-decreasing.
    public var backgroundEfficiency: [Double]

    /// A curve from its three columns, which must be equally long.
    public init(thresholds: [Float], signalEfficiency: [Double], backgroundEfficiency: [Double]) {
        precondition(thresholds.count == signalEfficiency.count && thresholds.count == backgroundEfficiency.count)
        self.thresholds = thresholds
        self.signalEfficiency = signalEfficiency
        self.backgroundEfficiency = backgroundEfficiency
    }

    /// The area under the curve by the trapezoidal rule. A straight segment across tied scores
    /// credits each tied pair with ½, so for unweighted events this is the exact AUC up to rounding.
    public var area: Double {
        var sum = 0.0
        for k in thresholds.indices.dropFirst() {
            sum +=
                (backgroundEfficiency[k] - backgroundEfficiency[k - 1])
                * (signalEfficiency[k] + signalEfficiency[k - 1]) / 2
        }
        return sum
    }
}

extension Metrics {
    /// The ROC curve over every distinct score, tied scores grouped into one point.
    ///
    /// - Parameters:
    ///   - scores: classifier outputs; any finite or infinite value, not NaN.
    ///   - labels: 1 for signal, 0 for background, one per score.
    ///   - weights: optional non-negative event weights; efficiencies are then fractions of weight.
    /// - Throws: ``MetricsError`` for mismatched lengths, NaN scores, bad labels or weights, or a
    ///   class with no events (or zero total weight).
    public static func roc(scores: [Float], labels: [Float], weights: [Float]? = nil) throws -> ROCCurve {
        if let weights { return try weightedROC(scores: scores, labels: labels, weights: weights) }
        let ranked = try RankedScores(scores: scores, labels: labels)
        let p = ranked.signal.count, n = ranked.background.count
        var thresholds: [Float] = [.infinity]
        var tpr: [Double] = [0]
        var fpr: [Double] = [0]
        // Walking both sorted classes down from their largest score; 0 stands for "exhausted"
        // because only a NaN would map to key 0.
        var i = p - 1, j = n - 1
        var tp = 0, fp = 0
        while i >= 0 || j >= 0 {
            let key = max(i >= 0 ? ranked.signal[i] : 0, j >= 0 ? ranked.background[j] : 0)
            while i >= 0 && ranked.signal[i] == key { i -= 1; tp += 1 }
            while j >= 0 && ranked.background[j] == key { j -= 1; fp += 1 }
            thresholds.append(ScoreKey.score(key))
            tpr.append(Double(tp) / Double(p))
            fpr.append(Double(fp) / Double(n))
        }
        return ROCCurve(thresholds: thresholds, signalEfficiency: tpr, backgroundEfficiency: fpr)
    }

    /// Weights must follow their events through the sort, so this path sorts (key, index) pairs.
    private static func weightedROC(scores: [Float], labels: [Float], weights: [Float]) throws -> ROCCurve {
        let count = scores.count
        guard labels.count == count else {
            throw MetricsError.lengthMismatch(scores: count, other: "labels", count: labels.count)
        }
        guard weights.count == count else {
            throw MetricsError.lengthMismatch(scores: count, other: "weights", count: weights.count)
        }
        precondition(count <= Int(UInt32.max), "the weighted ROC indexes events with 32 bits")
        var pairs: [UInt64] = []
        pairs.reserveCapacity(count)
        var totalSignal = 0.0, totalBackground = 0.0
        for i in 0..<count {
            let score = scores[i], label = labels[i], weight = weights[i]
            if score.isNaN { throw MetricsError.nanScore(index: i) }
            if label != 0 && label != 1 { throw MetricsError.invalidLabel(index: i, value: label) }
            if !(weight.isFinite && weight >= 0) { throw MetricsError.invalidWeight(index: i, value: weight) }
            // scikit-learn drops zero-weight events, so their scores make no ROC point.
            if weight == 0 { continue }
            if label == 1 { totalSignal += Double(weight) } else { totalBackground += Double(weight) }
            pairs.append(UInt64(ScoreKey.key(score)) << 32 | UInt64(i))
        }
        if totalSignal == 0 { throw MetricsError.emptyClass(label: 1) }
        if totalBackground == 0 { throw MetricsError.emptyClass(label: 0) }

        var scratch = [UInt64](repeating: 0, count: pairs.count)
        let inScratch = pairs.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { RadixSort.sort(keys, scratch: $0, shift: 32) }
        }
        let sorted = inScratch ? scratch : pairs

        var thresholds: [Float] = [.infinity]
        var tps: [Double] = [0]
        var fps: [Double] = [0]
        var tp = 0.0, fp = 0.0
        var k = sorted.count - 1
        while k >= 0 {
            let key = UInt32(truncatingIfNeeded: sorted[k] >> 32)
            while k >= 0 && UInt32(truncatingIfNeeded: sorted[k] >> 32) == key {
                let event = Int(truncatingIfNeeded: sorted[k] & 0xFFFF_FFFF)
                if labels[event] == 1 { tp += Double(weights[event]) } else { fp += Double(weights[event]) }
                k -= 1
            }
            thresholds.append(ScoreKey.score(key))
            tps.append(tp)
            fps.append(fp)
        }
        // Dividing by the running sums' final values, as scikit-learn does, makes the last point exactly (1, 1).
        let tpEnd = tp, fpEnd = fp
        return ROCCurve(
            thresholds: thresholds,
            signalEfficiency: tps.map { $0 / tpEnd },
            backgroundEfficiency: fps.map { $0 / fpEnd })
    }
}
