/// CLs at one value of the signal strength μ, observed and expected, with the q̃_μ test statistic:
/// what pyhf's `hypotest(mu, data, model, test_stat="qtilde", return_expected_set=True,
/// return_tail_probs=True)` reports.
public struct CLsResult: Sendable, Equatable, Codable {
    /// The signal strength tested.
    public var mu: Double
    /// The observed CLs = CL_{s+b} / CL_b.
    public var clsObserved: Double
    /// The expected CLs set, −2σ, −1σ, median, +1σ, +2σ: pyhf's `CLs_exp` order and meaning
    /// (element 0 is the smallest).
    public var clsExpected: [Double]
    /// The observed CL_{s+b}.
    public var clsbObserved: Double
    /// The observed CL_b.
    public var clbObserved: Double
    /// q̃_μ on the data.
    public var qTildeObserved: Double
    /// q̃_μ on the background-only Asimov data.
    public var qTildeAsimov: Double

    /// A result from its parts.
    public init(
        mu: Double, clsObserved: Double, clsExpected: [Double], clsbObserved: Double, clbObserved: Double,
        qTildeObserved: Double, qTildeAsimov: Double
    ) {
        self.mu = mu; self.clsObserved = clsObserved; self.clsExpected = clsExpected
        self.clsbObserved = clsbObserved; self.clbObserved = clbObserved
        self.qTildeObserved = qTildeObserved; self.qTildeAsimov = qTildeAsimov
    }
}
