/// The discovery test of the background-only hypothesis with the q₀ test statistic: pyhf's
/// `hypotest(0.0, data, model, test_stat="q0", return_expected_set=True)`, with Z = Φ⁻¹(1 − p₀).
///
/// The expected values are those of data with the signal at μ = 1: pyhf's Asimov data for q₀ come
/// from the conditional fit at μ = 1 to the observed data.
public struct DiscoveryResult: Sendable, Equatable, Codable {
    /// q₀ on the data: 0 when the best fit has no excess.
    public var q0Observed: Double
    /// q₀ on the μ = 1 Asimov data.
    public var q0Asimov: Double
    /// The observed p₀ = Φ(−√q₀).
    public var p0Observed: Double
    /// The observed significance √q₀.
    public var zObserved: Double
    /// The median expected p₀ = Φ(−√q₀,A).
    public var p0Expected: Double
    /// The median expected significance √q₀,A.
    public var zExpected: Double
    /// The expected p₀ set, −2σ … +2σ in pyhf's order (element 0 is the smallest p₀).
    public var p0ExpectedSet: [Double]

    /// A result from its parts.
    public init(
        q0Observed: Double, q0Asimov: Double, p0Observed: Double, zObserved: Double, p0Expected: Double,
        zExpected: Double, p0ExpectedSet: [Double]
    ) {
        self.q0Observed = q0Observed; self.q0Asimov = q0Asimov; self.p0Observed = p0Observed
        self.zObserved = zObserved; self.p0Expected = p0Expected; self.zExpected = zExpected
        self.p0ExpectedSet = p0ExpectedSet
    }
}
