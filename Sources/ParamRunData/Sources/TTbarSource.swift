import ParamRunSupport

/// The built-in X → tt̄ lepton + jets generator (``TTbarGenerator``), with HEPMASS's 27 features.
public struct TTbarSource: EventSource {
    /// Named `xttbar` in a spec.
    public static let name = "xttbar"
    /// A generator: takes no argument.
    public static let argument = EventSourceArgument.none
    /// The source, as error messages name it.
    public static let argumentDescription = "X → tt̄ generator"

    /// `jes`: every jet's four-momentum is multiplied by (1 + jes) before reconstruction
    /// (``TTbarGenerator/Configuration/jetEnergyScale``).
    public static var conditions: [(name: String, unit: String)] { [(jesCondition, "")] }
    /// The jet-energy-scale condition's name in θ (its value is the shift δ).
    public static let jesCondition = "jes"

    /// The masses and JES shifts the generator can make events at (``TTbarGenerator/validRange(of:)``).
    public static func validRange(of component: String) -> ClosedRange<Double>? {
        TTbarGenerator.validRange(of: component)
    }

    /// The generator; it reads no path.
    public init(path: String?) {}

    /// The 27 HEPMASS features, f0…f26, in physical units.
    public var featureNames: [String] { HEPMASSReader.featureNames }

    /// Generates the requested events from the request's seed.
    public func events(for request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        let (perMass, nBackground) = try GeneratedCounts.check(request)
        var configuration = request.xttbar
        if let shift = request.conditions[Self.jesCondition] { configuration.jetEnergyScale = shift }
        // The same streams at every JES: a shifted sample is the nominal one with its jets rescaled,
        // as an experiment's systematic variation is, until acceptance makes the two part ways.
        let generator = TTbarGenerator(configuration: configuration)
        var signal = EventTable(featureNames: featureNames)
        for mass in request.masses {
            var rng = SeededGenerator(seed: request.seed, stream: "\(Self.name)/signal/\(mass)")
            signal.append(try generator.signal(mass: mass, count: perMass, using: &rng))
        }
        var rng = SeededGenerator(seed: request.seed, stream: "\(Self.name)/background")
        return (signal, try generator.background(count: nBackground, using: &rng))
    }
}

extension SourceReference {
    /// The X → tt̄ generator.
    public static let xttbar = SourceReference(name: TTbarSource.name)
}
