extension Metrics {
    /// The signal efficiency at a fixed background efficiency, read off `roc`.
    ///
    /// Where the curve passes through `backgroundEfficiency` exactly, the highest signal efficiency
    /// there is taken (the tightest cut with that background). Otherwise the value is interpolated
    /// linearly between the two neighbouring ROC points, which is what a random mixture of those two
    /// cuts would achieve. With few background events the low working points (10⁻³) rest on one or
    /// two events and are statistically weak; the caller should say so.
    ///
    /// - Precondition: `0 ≤ backgroundEfficiency ≤ 1`, and `roc` starts at background efficiency 0,
    ///   as every curve from ``roc(scores:labels:weights:)`` does.
    public static func signalEfficiency(at backgroundEfficiency: Double, on roc: ROCCurve) -> Double {
        precondition(
            (0...1).contains(backgroundEfficiency), "background efficiency \(backgroundEfficiency) is outside [0, 1]")
        let fpr = roc.backgroundEfficiency, tpr = roc.signalEfficiency
        precondition(fpr.first == 0, "a ROC curve starts at background efficiency 0")
        // First point strictly beyond the target; fpr[0] = 0 ≤ target, so it is at least 1.
        var lo = 0, hi = fpr.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if fpr[mid] <= backgroundEfficiency { lo = mid + 1 } else { hi = mid }
        }
        let below = lo - 1
        if fpr[below] == backgroundEfficiency || lo == fpr.count { return tpr[below] }
        let t = (backgroundEfficiency - fpr[below]) / (fpr[lo] - fpr[below])
        return tpr[below] + (tpr[lo] - tpr[below]) * t
    }

    /// ``signalEfficiency(at:on:)`` at each of `backgroundEfficiencies`.
    public static func signalEfficiencies(
        at backgroundEfficiencies: [Double] = standardBackgroundEfficiencies, on roc: ROCCurve
    ) -> [Double] {
        backgroundEfficiencies.map { signalEfficiency(at: $0, on: roc) }
    }
}
