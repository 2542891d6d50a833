/// One network's smoothness check, as a `smoothness` stage's `smoothness.json` holds it: its
/// output scanned over a fine θ grid for a sample of events, and how often that scan wiggles.
public struct SmoothnessSummary: Codable, Sendable, Equatable {
    public var model: String
    /// Events scanned, and how many of them were signal.
    public var events: Int
    public var signalEvents: Int
    /// The grid: `points` values of θ from `low` to `high`.
    public var low: Double
    public var high: Double
    public var points: Int
    /// A turn counts once the logit has moved back by this share of the scan's own range.
    public var tolerance: Double
    /// The share of events whose output has two or more turning points in θ.
    public var fractionWiggly: Double
    public var fractionWigglySignal: Double
    public var fractionWigglyBackground: Double
    /// The mean number of turning points per event.
    public var meanTurningPoints: Double
    /// Flagged as not smooth: `fractionWiggly` above `flagFraction`.
    public var flagFraction: Double
    public var flagged: Bool

    public init(model: String, events: Int, signalEvents: Int, low: Double, high: Double, points: Int, tolerance: Double,
                fractionWiggly: Double, fractionWigglySignal: Double, fractionWigglyBackground: Double,
                meanTurningPoints: Double, flagFraction: Double) {
        self.model = model
        self.events = events
        self.signalEvents = signalEvents
        self.low = low
        self.high = high
        self.points = points
        self.tolerance = tolerance
        self.fractionWiggly = fractionWiggly
        self.fractionWigglySignal = fractionWigglySignal
        self.fractionWigglyBackground = fractionWigglyBackground
        self.meanTurningPoints = meanTurningPoints
        self.flagFraction = flagFraction
        flagged = fractionWiggly > flagFraction
    }
}
