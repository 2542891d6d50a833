/// The discovery test: q₀ = t₀ on the data when μ̂ ≥ 0, else 0 (pyhf's `q0`), against its value
/// on the Asimov data of the conditional fit at μ = 1 (pyhf's `AsymptoticCalculator` with
/// `test_stat="q0"`).
extension AsymptoticCalculator {
    /// The observed and expected p₀ and Z.
    ///
    /// pyhf's statistic is t = √q₀ − √q₀,A with CL_{s+b} = Φ(−(t + √q₀,A)), so p₀ = Φ(−√q₀) and
    /// Z = Φ⁻¹(1 − p₀) = √q₀, computed as √q₀ so that it stays finite where p₀ underflows.
    ///
    /// - Throws: ``StatsError`` when the POI adds no signal or a fit fails.
    public func discovery() throws -> DiscoveryResult {
        try requireSignal()
        let scan = try observed()
        // The conditional fit at μ = 0 to the data is the one the background Asimov data come from.
        let backgroundFit = try asimovSourceFit(mu: 0)
        let q0 = scan.muHat < 0 ? 0 : max(0, 2 * (backgroundFit.nll - scan.unconditional.nll))
        let asimov = try signalAsimov()
        let q0A = asimov.muHat < 0 ? 0 : (try asimov.sqrtT(0)).squared
        let sqrtQ0 = q0.squareRoot(), sqrtQ0A = q0A.squareRoot()
        return DiscoveryResult(
            q0Observed: q0, q0Asimov: q0A,
            p0Observed: AsymptoticPValues.pValues(statistic: sqrtQ0 - sqrtQ0A, sqrtQA: sqrtQ0A).clsb,
            zObserved: sqrtQ0, p0Expected: NormalDistribution.cdf(-sqrtQ0A), zExpected: sqrtQ0A,
            p0ExpectedSet: AsymptoticPValues.expectedCLsb(sqrtQA: sqrtQ0A))
    }

    func signalAsimov() throws -> ProfileScan {
        if let signalAsimovScan { return signalAsimovScan }
        let scan = try asimovScan(mu: 1, name: "the μ = 1 Asimov data")
        signalAsimovScan = scan
        return scan
    }
}

extension Double {
    fileprivate var squared: Double { self * self }
}
