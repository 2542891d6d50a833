/// An upper limit on the signal strength μ at a confidence level: the observed μ_up, where the
/// observed CLs falls to 1 − CL, and the expected band (pyhf's `upper_limit`).
public struct UpperLimit: Sendable, Equatable, Codable {
    /// The confidence level (0.95 for 95%).
    public var cl: Double
    /// The observed upper limit.
    public var observed: Double
    /// The expected limits, −2σ … +2σ.
    public var expected: ExpectedLimit

    /// A limit from its parts.
    public init(cl: Double, observed: Double, expected: ExpectedLimit) {
        self.cl = cl; self.observed = observed; self.expected = expected
    }
}
