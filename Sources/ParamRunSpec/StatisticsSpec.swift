import ParamRunStats
import ParamRunSupport

/// The `statistics:` block: how the score of each judged network becomes a binned search, a pyhf
/// workspace, an expected significance and an expected CLs limit at each mass.
public struct StatisticsSpec: Hashable, Sendable, Codable {
    /// How a yield is given: a cross-section × efficiency in fb (multiplied by the luminosity), or
    /// a number of expected events at that luminosity.
    public enum Quantity: String, Hashable, Sendable, Codable, CaseIterable {
        case crossSection = "cross_section"
        case yield
    }

    /// One value at one mass.
    public struct MassValue: Hashable, Sendable, Codable {
        /// The mass, in the base unit (GeV).
        public var mass: Double
        /// The value at that mass, in the unit its quantity says.
        public var value: Double

        package init(mass: Double, value: Double) {
            self.mass = mass
            self.value = value
        }
    }

    /// The integrated luminosity in fb⁻¹; required when a cross-section is given.
    public var luminosity: Double?
    /// Whether ``signal`` holds cross-sections × efficiencies or yields.
    public var signalQuantity: Quantity
    /// The signal's cross-section × efficiency or yield at the given masses, ascending by mass.
    public var signal: [MassValue]
    /// Whether ``background`` is a cross-section × efficiency or a yield.
    public var backgroundQuantity: Quantity
    /// The background's cross-section × efficiency or yield.
    public var background: Double
    /// The number of bins of each network's score.
    public var bins: Int
    /// How the bin edges are placed.
    public var strategy: BinningStrategy
    /// The relative background normalisation uncertainty (a `normsys`), if any.
    public var backgroundUncertainty: Double?
    /// The (model, mass, data) points that get a workspace and a limit; each is an evaluated point,
    /// at the nominal conditions (``nominalConditions``) when θ has conditions.
    public var points: [EvaluationSpec.Point]
    /// The relative luminosity uncertainty (a `lumi` modifier on signal and background), if any.
    public var lumiUncertainty: Double?
    /// Shape systematics from θ's conditions (`jes`), each a `histosys`, in the order written.
    public var systematics: [Systematic]
    /// The value of each θ condition at which the nominal histograms are made: its systematic's
    /// nominal, else 0. Empty when θ is the mass alone.
    public var nominalConditions: [String: Double]
    /// The observed dataset, if any; without one the observations are the Asimov background.
    public var observed: Observed?

    package init(
        luminosity: Double?, signalQuantity: Quantity, signal: [MassValue], backgroundQuantity: Quantity,
        background: Double, bins: Int, strategy: BinningStrategy, backgroundUncertainty: Double?,
        points: [EvaluationSpec.Point], lumiUncertainty: Double? = nil, systematics: [Systematic] = [],
        nominalConditions: [String: Double] = [:], observed: Observed? = nil
    ) {
        self.lumiUncertainty = lumiUncertainty
        self.systematics = systematics
        self.nominalConditions = nominalConditions
        self.observed = observed
        self.luminosity = luminosity
        self.signalQuantity = signalQuantity
        self.signal = signal.sorted { $0.mass < $1.mass }
        self.backgroundQuantity = backgroundQuantity
        self.background = background
        self.bins = bins
        self.strategy = strategy
        self.backgroundUncertainty = backgroundUncertainty
        self.points = points
    }

    /// The expected signal events at `mass`: linear interpolation between the two nearest given
    /// masses, times the luminosity for a cross-section; `nil` outside the given masses.
    public func signalYield(at mass: Double) -> Double? {
        Self.interpolate(signal, at: mass).map { signalQuantity == .crossSection ? $0 * (luminosity ?? 0) : $0 }
    }

    /// The expected background events.
    public var backgroundYield: Double {
        backgroundQuantity == .crossSection ? background * (luminosity ?? 0) : background
    }

    /// Linear interpolation in mass; a mass within ``Mass/tolerance`` of a given one takes its
    /// value, and `nil` is returned outside [first, last]: extrapolating a falling cross-section
    /// could give a negative yield.
    package static func interpolate(_ table: [MassValue], at mass: Double) -> Double? {
        if let exact = table.first(where: { Mass.same($0.mass, mass) }) { return exact.value }
        guard let upper = table.firstIndex(where: { $0.mass > mass }), upper > 0 else { return nil }
        let a = table[upper - 1], b = table[upper]
        return a.value + (b.value - a.value) * (mass - a.mass) / (b.mass - a.mass)
    }
}
