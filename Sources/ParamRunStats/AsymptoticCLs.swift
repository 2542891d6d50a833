import Foundation

/// Expected CLs upper limits in the asymptotic approximation (Cowan, Cranmer, Gross, Vitells,
/// "Asymptotic formulae for likelihood-based tests of new physics", EPJC 71 (2011) 1554), with
/// the q̃_μ test statistic on the background-only Asimov dataset, defined as pyhf 0.7 defines
/// them (`hypotest(..., test_stat="qtilde", calctype="asymptotics", return_expected_set=True)`
/// with `calc_base_dist="normal"`).
///
/// With q_A(μ) = q̃_μ on the Asimov data, pyhf's expected CLs at band n ∈ {2, 1, 0, −1, −2} is
/// CLs_n(μ) = Φ(−n − √q_A(μ)) / Φ(−n). The limit for band n is the μ where CLs_n = 1 − CL; since
/// Φ is monotone that is where √q_A(μ) = t_n = −n − Φ⁻¹((1 − CL) Φ(−n)), which is the equation
/// solved here, by Brent's method on a bracket found by doubling. n = +2 gives the smallest limit
/// (the −2σ edge), n = 0 the median: 2Φ(−√q_A) = 0.05, i.e. q_A = 1.95996².
public enum AsymptoticCLs {
    /// The expected upper limit on the POI at confidence level `cl` (0.95 for 95%).
    ///
    /// - Parameter relativeTolerance: how tightly each limit is bracketed.
    /// - Throws: ``StatsError`` if `cl` is not in (0, 1), the model has no signal, a fit fails,
    ///   or no μ up to 1e9 reaches the target (a signal too small to ever be excluded).
    public static func expectedUpperLimit(
        model: HistFactoryModel, cl: Double = 0.95,
        relativeTolerance: Double = 1e-9
    ) throws -> ExpectedLimit {
        guard cl > 0, cl < 1 else {
            throw StatsError.invalidValue(field: "confidence level", index: nil, value: cl, reason: "must be in (0, 1)")
        }
        let scan = try AsimovScan(model: model)
        var limits: [Double] = []
        // n = 2, 1, 0, −1, −2: ascending limits, −2σ edge first.
        for n in [2.0, 1, 0, -1, -2] {
            let target = try -n - NormalDistribution.quantile((1 - cl) * NormalDistribution.cdf(-n))
            limits.append(try scan.crossing(sqrtQ: target, relativeTolerance: relativeTolerance))
        }
        // The bracket starts at μ = 1 with this absolute tolerance; a limit within a thousand of
        // it is noise (a signal ~10⁹ times the background gives μ_up = 0), never a result.
        let resolvable = 1000 * relativeTolerance
        for (limit, band) in zip(limits, ["-2σ", "-1σ", "median", "+1σ", "+2σ"])
        where !(limit.isFinite && limit >= resolvable) {
            throw StatsError.invalidValue(
                field: "expected limit (\(band))", index: nil, value: limit,
                reason: "μ_up must be finite and at least \(resolvable); the signal is too large against the "
                    + "background for a limit on its strength")
        }
        return ExpectedLimit(
            minus2: limits[0], minus1: limits[1], median: limits[2], plus1: limits[3], plus2: limits[4])
    }

    /// The expected CLs values at μ for bands n = 2, 1, 0, −1, −2 (pyhf's `CLs_exp` order).
    public static func expectedCLs(model: HistFactoryModel, mu: Double) throws -> [Double] {
        let sqrtQ = try AsimovScan(model: model).sqrtQ(mu)
        return [2.0, 1, 0, -1, -2].map { n in NormalDistribution.cdf(-n - sqrtQ) / NormalDistribution.cdf(-n) }
    }

    /// q̃_μ on the background-only Asimov dataset.
    public static func asimovQTilde(model: HistFactoryModel, mu: Double) throws -> Double {
        let r = try AsimovScan(model: model).sqrtQ(mu)
        return r * r
    }

    /// The background-only Asimov dataset, its unconditional fit, and conditional fits at the
    /// μ values asked for, warm-started from the nearest one already done and cached.
    final class AsimovScan {
        let model: HistFactoryModel
        let asimov: HistFactoryModel.Dataset
        let unconditional: HistFactoryModel.FitResult
        var cache: [(mu: Double, sqrtQ: Double, parameters: [Double])] = []

        init(model: HistFactoryModel) throws {
            self.model = model
            let poi = model.poiIndex
            let signal = model.expectedMain(Self.set(model.initialParameters, poi, 1))
            let background = model.expectedMain(Self.set(model.initialParameters, poi, 0))
            guard zip(signal, background).contains(where: { $0 > $1 }) else {
                throw StatsError.invalidWorkspace(path: "channels[0]", reason: "the POI adds no signal in any bin")
            }
            // pyhf's generate_asimov_data: fit μ = 0 to the observed data, take the expectation.
            let backgroundFit = try model.fit(fixedValues: [poi: 0])
            asimov = model.expectedData(backgroundFit.parameters)
            unconditional = try model.fit(data: asimov, start: backgroundFit.parameters)
        }

        static func set(_ v: [Double], _ i: Int, _ x: Double) -> [Double] { var v = v; v[i] = x; return v }

        func sqrtQ(_ mu: Double) throws -> Double {
            let poi = model.poiIndex
            guard mu.isFinite, mu >= 0 else {
                throw StatsError.invalidValue(field: "mu", index: nil, value: mu, reason: "must be finite and ≥ 0")
            }
            // q̃_μ is one-sided: zero when the best fit already exceeds μ.
            if unconditional.parameters[poi] >= mu { return 0 }
            let start = cache.min { abs($0.mu - mu) < abs($1.mu - mu) }?.parameters ?? unconditional.parameters
            let fit = try model.fit(data: asimov, fixedValues: [poi: mu], start: Self.set(start, poi, mu))
            let q = max(0, 2 * (fit.nll - unconditional.nll))
            let r = q.squareRoot()
            cache.append((mu, r, fit.parameters))
            return r
        }

        /// The μ where √q_A(μ) = target, bracketed from the cached points, else by doubling.
        func crossing(sqrtQ target: Double, relativeTolerance: Double) throws -> Double {
            var lo = max(0, unconditional.parameters[model.poiIndex]), hi = -1.0
            for c in cache {
                if c.sqrtQ < target { lo = max(lo, c.mu) } else if hi < 0 || c.mu < hi { hi = c.mu }
            }
            if hi < 0 {
                hi = max(1, 2 * lo)
                while try sqrtQ(hi) < target {
                    lo = hi
                    hi *= 2
                    guard hi < 1e9 else {
                        throw StatsError.noBracket(
                            what: "expected limit", reason: "√q̃ stays below \(target) for μ up to 1e9")
                    }
                }
            }
            return try BrentRoot.root(in: lo, hi, xTolerance: relativeTolerance * hi, what: "expected limit") {
                try sqrtQ($0) - target
            }
        }
    }
}
