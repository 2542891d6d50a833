/// What a search reports from one workspace: the upper limit on μ (observed and expected) and the
/// discovery significance (observed and expected), from one ``AsymptoticCalculator`` so their
/// fits are shared.
public struct SearchSummary: Sendable, Equatable, Codable {
    /// The upper limit on the signal strength.
    public var upperLimit: UpperLimit
    /// The q₀ discovery test.
    public var discovery: DiscoveryResult

    /// A summary from its parts.
    public init(upperLimit: UpperLimit, discovery: DiscoveryResult) {
        self.upperLimit = upperLimit; self.discovery = discovery
    }
}
