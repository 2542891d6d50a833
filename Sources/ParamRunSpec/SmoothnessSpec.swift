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
    /// The dataset whose events are scanned (`test` unless the section names another).
    public var data: String
    /// How many of the dataset's events are scanned along θ.
    public var events: Int
    /// The θ step of the scan, in the mass's base unit (GeV).
    public var step: Double
    /// How far, as a fraction of an event's logit range along the scan, a turn must go to count.
    public var tolerance: Double
    /// The fraction of wiggling events above which a network is flagged.
    public var flagFraction: Double

    package init(
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
