extension Metrics {
    /// The tie-aware AUC of weighted events, and by default a DeLong standard error on
    /// effective counts.
    ///
    /// The area is Σ wᵢ·wⱼ·[sᵢ > bⱼ] + ½ Σ wᵢ·wⱼ·[sᵢ = bⱼ] over signal i and background j, divided
    /// by W_s·W_b; for unit weights it equals ``auc(scores:labels:standardError:)``.
    ///
    /// The error extends DeLong's: each event's structural component (the weighted fraction of
    /// the other class it beats, ties counting ½) has a weighted variance, and each class
    /// counts as its Kish effective size n_eff = (Σw)²/Σw², so Var = S₁₀/n_eff,s + S₀₁/n_eff,b
    /// with S the weighted variances scaled by n_eff/(n_eff − 1). With unit weights this is
    /// exactly DeLong's estimate. It assumes weights that are fixed, not random, which holds for
    /// generator or cross-section weights only approximately; nil when a class has n_eff ≤ 1.
    /// Events of weight zero take no part, as in ``roc(scores:labels:weights:)``.
    ///
    /// - Throws: ``MetricsError`` for mismatched lengths, NaN scores, bad labels or weights, or a
    ///   class of zero total weight.
    public static func auc(scores: [Float], labels: [Float], weights: [Float], standardError: Bool = true) throws
        -> AUCResult
    {
        let count = scores.count
        guard labels.count == count else {
            throw MetricsError.lengthMismatch(scores: count, other: "labels", count: labels.count)
        }
        guard weights.count == count else {
            throw MetricsError.lengthMismatch(scores: count, other: "weights", count: weights.count)
        }
        var signal: [(key: UInt32, weight: Double)] = [], background: [(key: UInt32, weight: Double)] = []
        for i in 0..<count {
            let score = scores[i], label = labels[i], weight = weights[i]
            if score.isNaN { throw MetricsError.nanScore(index: i) }
            if label != 0 && label != 1 { throw MetricsError.invalidLabel(index: i, value: label) }
            if !(weight.isFinite && weight >= 0) { throw MetricsError.invalidWeight(index: i, value: weight) }
            if weight == 0 { continue }
            if label == 1 {
                signal.append((ScoreKey.key(score), Double(weight)))
            } else {
                background.append((ScoreKey.key(score), Double(weight)))
            }
        }
        let totalSignal = signal.reduce(0) { $0 + $1.weight }, totalBackground = background.reduce(0) { $0 + $1.weight }
        if totalSignal == 0 { throw MetricsError.emptyClass(label: 1) }
        if totalBackground == 0 { throw MetricsError.emptyClass(label: 0) }
        signal.sort { $0.key < $1.key }
        background.sort { $0.key < $1.key }

        // One ascending walk over distinct scores: every event of a score group shares its
        // component, so groups are kept as (class weight, component).
        struct Group { var weight: Double; var component: Double }
        var signalGroups: [Group] = [], backgroundGroups: [Group] = []
        var i = 0, j = 0
        var backgroundBelow = 0.0, signalBelow = 0.0
        while i < signal.count || j < background.count {
            let key: UInt32
            if i == signal.count {
                key = background[j].key
            } else if j == background.count {
                key = signal[i].key
            } else {
                key = min(signal[i].key, background[j].key)
            }
            var cp = 0.0, cn = 0.0
            while i < signal.count && signal[i].key == key { cp += signal[i].weight; i += 1 }
            while j < background.count && background[j].key == key { cn += background[j].weight; j += 1 }
            if cp > 0 {
                signalGroups.append(Group(weight: cp, component: (backgroundBelow + cn / 2) / totalBackground))
            }
            if cn > 0 {
                let above = totalSignal - signalBelow - cp
                backgroundGroups.append(Group(weight: cn, component: (above + cp / 2) / totalSignal))
            }
            backgroundBelow += cn
            signalBelow += cp
        }
        let area = signalGroups.reduce(0) { $0 + $1.weight * $1.component } / totalSignal
        var error: Double?
        if standardError {
            func effective(_ events: [(key: UInt32, weight: Double)], total: Double) -> Double {
                total * total / events.reduce(0) { $0 + $1.weight * $1.weight }
            }
            func variance(_ groups: [Group], total: Double, effective n: Double) -> Double {
                let scatter =
                    groups.reduce(0) { $0 + $1.weight * ($1.component - area) * ($1.component - area) } / total
                return scatter * n / (n - 1)
            }
            let ns = effective(signal, total: totalSignal), nb = effective(background, total: totalBackground)
            if ns > 1, nb > 1 {
                error =
                    (variance(signalGroups, total: totalSignal, effective: ns) / ns
                    + variance(backgroundGroups, total: totalBackground, effective: nb) / nb).squareRoot()
            }
        }
        return AUCResult(auc: area, standardError: error, nSignal: signal.count, nBackground: background.count)
    }
}
