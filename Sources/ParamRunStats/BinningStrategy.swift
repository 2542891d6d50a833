/// How the bin edges of a score histogram are placed on [0, 1].
public enum BinningStrategy: String, Codable, Sendable, CaseIterable {
    /// Edges at k/n: the same width everywhere.
    case equal
    /// Edges at the signal-weight quantiles, so each bin holds the same signal yield.
    case flatSignal = "flat-signal"
    /// Edges at the background-weight quantiles, so each bin holds the same background yield.
    case quantile
}
