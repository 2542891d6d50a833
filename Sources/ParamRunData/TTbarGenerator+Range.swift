import ParamRunSupport

extension TTbarGenerator {
    /// The X masses (GeV) the generator makes events at. Below, the X cannot decay to two tops
    /// (2 × 173 GeV, plus the tops' Breit–Wigner tails); far above, the decay products' momenta
    /// leave the range where the detector model means anything, and beyond 10¹⁵⁰ their squares
    /// overflow, so every event would be rejected.
    public static let massRange: ClosedRange<Double> = 400...100_000
    /// The jet-energy-scale shifts δ the generator makes events at: at δ = −1 every jet vanishes
    /// and no event passes the four-jet acceptance; ±50 % is far beyond any real systematic.
    public static let jetEnergyScaleRange: ClosedRange<Double> = -0.5...0.5
    /// Draws per accepted event before the generator gives up: inside the ranges above, an
    /// event is accepted within tens of draws, so this many only fail where none ever would be.
    public static let maximumTries = 10_000

    /// The range of θ component `component` (`mass`, or the JES condition) the generator can
    /// make events in; nil for a component it does not know.
    public static func validRange(of component: String) -> ClosedRange<Double>? {
        switch component {
        case "mass": massRange
        case TTbarSource.jesCondition: jetEnergyScaleRange
        default: nil
        }
    }

    /// Refuses a mass or jet-energy scale outside what the generator can make, before any draw.
    func check(mass: Double?) throws {
        if let mass, !(mass.isFinite && Self.massRange.contains(mass)) {
            throw DataError(
                .invalidRequest(
                    "the X → tt̄ generator makes masses in \(Self.describe(Self.massRange)) GeV, "
                        + "not \(formatNumber(mass))"))
        }
        let jes = configuration.jetEnergyScale
        guard jes.isFinite, Self.jetEnergyScaleRange.contains(jes) else {
            throw DataError(
                .invalidRequest(
                    "the X → tt̄ generator makes events at jet-energy scales in "
                        + "\(Self.describe(Self.jetEnergyScaleRange)), not \(formatNumber(jes))"))
        }
    }

    func exhausted(signalMass: Double?) -> String {
        let what = signalMass.map { "signal event at mass \(formatNumber($0))" } ?? "background event"
        return "the X → tt̄ generator drew \(Self.maximumTries) times without accepting a \(what) "
            + "(jet-energy scale \(formatNumber(configuration.jetEnergyScale))); the detector accepts none there"
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        "\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound))"
    }
}
