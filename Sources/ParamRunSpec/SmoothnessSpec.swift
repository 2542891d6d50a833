/// The `smoothness:` section: which parameterized networks to scan along θ, and how finely.
///
/// Each network's output is computed for `events` events of `data` at every θ from its lowest to
/// its highest training mass in steps of `step`; an event's scan "wiggles" when the logit of the
/// output turns twice or more by at least `tolerance` times the range the event's logit spans
/// along the scan. A network is flagged when more than
/// `flagFraction` of the events wiggle.
public struct SmoothnessSpec: Hashable, Sendable {
    /// Model names, sweeps expanded, in spec order.
    public var models: [String]
    public var data: String
    public var events: Int
    public var step: Double
    public var tolerance: Double
    public var flagFraction: Double

    public init(
        models: [String], data: String = "test", events: Int = 1000, step: Double = 5, tolerance: Double = 0.05,
        flagFraction: Double = 0.05
    ) {
        self.models = models
        self.data = data
        self.events = events
        self.step = step
        self.tolerance = tolerance
        self.flagFraction = flagFraction
    }
}
