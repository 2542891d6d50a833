import Foundation

/// The bin edges of a workspace's channel, written beside it (the workspace schema has no place
/// for them).
public struct BinEdgesSidecar: Codable, Equatable, Sendable {
    /// The channel the edges belong to.
    public var channel: String
    /// Ascending edges on the score axis, one more than the channel's bins.
    public var edges: [Double]
    /// How the edges were chosen.
    public var strategy: BinningStrategy
    /// The bin count asked for, before ties and empty-background merges.
    public var requestedBins: Int

    /// The sidecar of `histogram`'s binning, for channel `channel`.
    public init(channel: String, histogram: Histogram) {
        self.channel = channel
        self.edges = histogram.edges
        self.strategy = histogram.strategy
        self.requestedBins = histogram.requestedBins
    }

    /// Deterministic JSON: pretty printed, keys sorted.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
