/// One network's smoothness check, as a `smoothness` stage's `smoothness.json` holds it: its
/// output scanned over a fine θ grid for a sample of events, and how often that scan wiggles.
package struct SmoothnessSummary: Codable, Sendable, Equatable {
    package var model: String
    /// Events scanned, and how many of them were signal.
    package var events: Int
    package var signalEvents: Int
    /// The grid: `points` values of θ from `low` to `high`.
    package var low: Double
    package var high: Double
    package var points: Int
    /// A turn counts once the logit has moved back by this share of the scan's own range.
    package var tolerance: Double
    /// The share of events whose output has two or more turning points in θ.
    package var fractionWiggly: Double
    package var fractionWigglySignal: Double
    package var fractionWigglyBackground: Double
    /// The mean number of turning points per event.
    package var meanTurningPoints: Double
    /// Flagged as not smooth: `fractionWiggly` above `flagFraction`.
    package var flagFraction: Double
    package var flagged: Bool

    package init(
        model: String, events: Int, signalEvents: Int, low: Double, high: Double, points: Int, tolerance: Double,
        fractionWiggly: Double, fractionWigglySignal: Double, fractionWigglyBackground: Double,
        meanTurningPoints: Double, flagFraction: Double
    ) {
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
