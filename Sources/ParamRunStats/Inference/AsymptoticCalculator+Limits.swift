/// Upper limits: the μ where CLs falls to 1 − CL, observed and expected (pyhf's `upper_limit`,
/// which root-finds each of the six CLs curves with TOMS 748 on a bracket it widens until it
/// straddles the level; here Brent's method does the same to a tighter tolerance).
extension AsymptoticCalculator {
    /// The limit below which a μ is noise, not a result: the bracket's tolerance times a thousand
    /// (a signal ~10⁹ times its background gives μ_up ≈ 0).
    static func resolvable(_ relativeTolerance: Double) -> Double { 1000 * relativeTolerance }

    static func checkConfidenceLevel(_ cl: Double) throws {
        guard cl > 0, cl < 1 else {
            throw StatsError.invalidValue(field: "confidence level", index: nil, value: cl, reason: "must be in (0, 1)")
        }
    }

    /// The expected upper limits at confidence level `cl`, −2σ … +2σ.
    ///
    /// pyhf's expected CLs for band n is Φ(−n − √q_A(μ))/Φ(−n); it falls to 1 − CL where
    /// √q_A(μ) = −n − Φ⁻¹((1 − CL) Φ(−n)), which is the equation solved, on the background-only
    /// Asimov data alone.
    ///
    /// - Parameter relativeTolerance: how tightly each limit is bracketed.
    /// - Throws: ``StatsError`` if `cl` is not in (0, 1), the POI adds no signal, a fit fails, or no
    ///   μ up to 1e9 reaches the level.
    public func expectedUpperLimit(cl: Double = 0.95, relativeTolerance: Double = 1e-9) throws -> ExpectedLimit {
        try Self.checkConfidenceLevel(cl)
        let scan = try backgroundAsimov()
        var limits: [Double] = []
        for n in AsymptoticPValues.expectedSigmas {
            let target = try -n - NormalDistribution.quantile((1 - cl) * NormalDistribution.cdf(-n))
            limits.append(
                try scan.crossing(sqrtQ: target, relativeTolerance: relativeTolerance, what: "expected limit"))
        }
        let bands = ["-2σ", "-1σ", "median", "+1σ", "+2σ"]
        for (limit, band) in zip(limits, bands) {
            try Self.checkLimit(limit, what: "expected limit (\(band))", relativeTolerance: relativeTolerance)
        }
        return ExpectedLimit(
            minus2: limits[0], minus1: limits[1], median: limits[2], plus1: limits[3], plus2: limits[4])
    }

    /// The observed upper limit and the expected band at confidence level `cl`.
    ///
    /// The observed limit is the root of CLs_obs(μ) − (1 − CL), bracketed by halving or doubling
    /// from the expected median limit, then found by Brent's method.
    ///
    /// - Throws: as ``expectedUpperLimit(cl:relativeTolerance:)``, and when the observed CLs does not
    ///   cross the level for μ in [1e-6 × the median, 1e9].
    public func upperLimit(cl: Double = 0.95, relativeTolerance: Double = 1e-9) throws -> UpperLimit {
        let expected = try expectedUpperLimit(cl: cl, relativeTolerance: relativeTolerance)
        let alpha = 1 - cl
        let what = "observed limit"
        func excess(_ mu: Double) throws -> Double { try cls(mu: mu).clsObserved - alpha }
        var lo = expected.median, hi = expected.median
        if try excess(lo) > 0 {
            repeat {
                lo = hi
                hi *= 2
                guard hi < 1e9 else {
                    throw StatsError.noBracket(what: what, reason: "CLs stays above \(alpha) for μ up to 1e9")
                }
            } while try excess(hi) > 0
        } else {
            repeat {
                hi = lo
                lo /= 2
                guard lo > 1e-6 * expected.median, lo >= Self.resolvable(relativeTolerance) else {
                    throw StatsError.noBracket(what: what, reason: "CLs stays below \(alpha) for μ down to \(lo)")
                }
            } while try excess(lo) <= 0
        }
        let observed = try BrentRoot.root(in: lo, hi, xTolerance: relativeTolerance * hi, what: what, excess)
        try Self.checkLimit(observed, what: what, relativeTolerance: relativeTolerance)
        return UpperLimit(cl: cl, observed: observed, expected: expected)
    }

    static func checkLimit(_ limit: Double, what: String, relativeTolerance: Double) throws {
        let floor = resolvable(relativeTolerance)
        guard limit.isFinite, limit >= floor else {
            throw StatsError.invalidValue(
                field: what, index: nil, value: limit,
                reason: "μ_up must be finite and at least \(floor); the signal is too large against the "
                    + "background for a limit on its strength")
        }
    }

    /// The upper limit and the discovery test together, sharing their fits: what a search reports.
    public func searchSummary(cl: Double = 0.95) throws -> SearchSummary {
        SearchSummary(upperLimit: try upperLimit(cl: cl), discovery: try discovery())
    }
}
