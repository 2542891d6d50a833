/// One dataset, its unconditional fit, and the conditional fits at the μ values asked for, each
/// warm-started from the cached fit at the nearest μ and cached in turn: the profile likelihood
/// ratio along μ, which every test statistic reads.
///
/// The same scan serves the observed data and each Asimov dataset, so the q̃_μ of both sides of a
/// CLs comes from one implementation.
final class ProfileScan {
    let model: HistFactoryModel
    let data: HistFactoryModel.Dataset
    /// The fit with every free parameter free: (μ̂, θ̂).
    let unconditional: HistFactoryModel.FitResult
    /// Names the dataset in errors ("the observed data", "the background-only Asimov data").
    let dataName: String
    /// √t_μ = √max(0, 2(−ln L(μ, θ̂̂) + ln L(μ̂, θ̂))) and the conditional fit's parameters.
    private(set) var cache: [(mu: Double, sqrtQ: Double, parameters: [Double])] = []

    init(
        model: HistFactoryModel, data: HistFactoryModel.Dataset, unconditional: HistFactoryModel.FitResult,
        dataName: String
    ) {
        self.model = model
        self.data = data
        self.unconditional = unconditional
        self.dataName = dataName
    }

    /// The unconditional best fit's μ̂.
    var muHat: Double { unconditional.parameters[model.poiIndex] }

    /// How much lower (in −ln L) a second minimum must be to count as a different one.
    static let distinctMinimum = 1e-6

    static func set(_ v: [Double], _ i: Int, _ x: Double) -> [Double] {
        var v = v
        v[i] = x
        return v
    }

    /// √q̃_μ (pyhf's `qmu_tilde`): zero when the best fit already exceeds μ, else √t_μ.
    func sqrtQTilde(_ mu: Double) throws -> Double {
        guard mu.isFinite, mu >= 0 else {
            throw StatsError.invalidValue(field: "mu", index: nil, value: mu, reason: "must be finite and ≥ 0")
        }
        // One-sided: an upward fluctuation is no evidence against μ.
        if muHat >= mu { return 0 }
        return try sqrtT(mu)
    }

    /// √t_μ, the two-sided profile likelihood ratio, from a fit warm-started at the cached fit of
    /// the nearest μ. At a μ already done that fit starts at its minimum and returns at once; it is
    /// still run, so the numbers do not depend on which μ were asked before.
    ///
    /// A second fit starts where pyhf starts every fit, at the suggested initial values: with an
    /// asymmetric histosys −ln L(μ, θ) can have two minima, and a warm start from far along the
    /// scan can settle in the higher one, which makes q too large (a 2% shift in a limit, found
    /// against pyhf). The lower of the two is kept; the warm one unless the other is lower by more
    /// than the fits' own tolerance, so a model with one minimum keeps the warm fit's bits. Either
    /// fit may fail alone (a warm start where −ln L is infinite); only both failing is an error.
    func sqrtT(_ mu: Double) throws -> Double {
        let poi = model.poiIndex
        let start = cache.min { abs($0.mu - mu) < abs($1.mu - mu) }?.parameters ?? unconditional.parameters
        let what = "conditional fit at μ = \(mu) to \(dataName)"
        let warmStart = Self.set(start, poi, mu), initial = Self.set(model.initialParameters, poi, mu)
        let warm = Result { try model.checkedFit(data: data, fixedValues: [poi: mu], start: warmStart, what: what) }
        let fit: HistFactoryModel.FitResult
        if initial == warmStart {
            fit = try warm.get()
        } else {
            // A warm start can also sit where some bin expects nothing yet counts events (−ln L = ∞).
            let cold = Result { try model.checkedFit(data: data, fixedValues: [poi: mu], start: initial, what: what) }
            switch (warm, cold) {
            case let (.success(w), .success(c)): fit = c.nll < w.nll - Self.distinctMinimum ? c : w
            case let (.success(w), .failure): fit = w
            case let (.failure, .success(c)): fit = c
            case let (.failure(error), .failure): throw error
            }
        }
        let q = max(0, 2 * (fit.nll - unconditional.nll))
        let r = q.squareRoot()
        cache.append((mu, r, fit.parameters))
        return r
    }

    /// The μ above μ̂ where √q̃_μ = target, bracketed from the cached points, else by doubling from
    /// μ = 1, then solved by Brent's method to `relativeTolerance` of the bracket's upper end.
    func crossing(sqrtQ target: Double, relativeTolerance: Double, what: String) throws -> Double {
        var lo = max(0, muHat), hi = -1.0
        for c in cache where c.mu > muHat {
            if c.sqrtQ < target { lo = max(lo, c.mu) } else if hi < 0 || c.mu < hi { hi = c.mu }
        }
        if hi < 0 {
            hi = max(1, 2 * lo)
            while try sqrtQTilde(hi) < target {
                lo = hi
                hi *= 2
                guard hi < 1e9 else {
                    throw StatsError.noBracket(what: what, reason: "√q̃ stays below \(target) for μ up to 1e9")
                }
            }
        }
        return try BrentRoot.root(in: lo, hi, xTolerance: relativeTolerance * hi, what: what) {
            try sqrtQTilde($0) - target
        }
    }
}
