/// Expected CLs upper limits in the asymptotic approximation (Cowan, Cranmer, Gross, Vitells,
/// "Asymptotic formulae for likelihood-based tests of new physics", EPJC 71 (2011) 1554), with
/// the q̃_μ test statistic on the background-only Asimov dataset, defined as pyhf 0.7 defines
/// them (`hypotest(..., test_stat="qtilde", calctype="asymptotics", return_expected_set=True)`
/// with `calc_base_dist="normal"`).
///
/// The entry points of the pipeline's expected limits; each is one question to an
/// ``AsymptoticCalculator`` on the model's observed data, which holds the one implementation.
/// With q_A(μ) = q̃_μ on the Asimov data, pyhf's expected CLs at band n ∈ {2, 1, 0, −1, −2} is
/// CLs_n(μ) = Φ(−n − √q_A(μ)) / Φ(−n); n = +2 gives the smallest limit (the −2σ edge), n = 0 the
/// median: 2Φ(−√q_A) = 0.05, i.e. q_A = 1.95996².
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
        try AsymptoticCalculator.checkConfidenceLevel(cl)
        return try AsymptoticCalculator(model: model).expectedUpperLimit(cl: cl, relativeTolerance: relativeTolerance)
    }

    /// The expected CLs values at μ for bands n = 2, 1, 0, −1, −2 (pyhf's `CLs_exp` order).
    public static func expectedCLs(model: HistFactoryModel, mu: Double) throws -> [Double] {
        try AsymptoticCalculator(model: model).expectedCLs(mu: mu)
    }

    /// q̃_μ on the background-only Asimov dataset.
    public static func asimovQTilde(model: HistFactoryModel, mu: Double) throws -> Double {
        let r = try AsymptoticCalculator(model: model).backgroundAsimov().sqrtQTilde(mu)
        return r * r
    }
}
