import ParamRunSupport

/// The built-in X → tt̄ lepton + jets generator (``TTbarGenerator``), with HEPMASS's 27 features.
public struct TTbarSource: EventSource {
    public static let name = "xttbar"
    public static let argument = EventSourceArgument.none
    public static let argumentDescription = "X → tt̄ generator"

    /// `jes`: every jet's four-momentum is multiplied by (1 + jes) before reconstruction
    /// (``TTbarGenerator/Configuration/jetEnergyScale``).
    public static var conditions: [(name: String, unit: String)] { [(jesCondition, "")] }
    public static let jesCondition = "jes"

    public init(path: String?) {}

    public var featureNames: [String] { HEPMASSReader.featureNames }

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
            signal.append(generator.signal(mass: mass, count: perMass, using: &rng))
        }
        var rng = SeededGenerator(seed: request.seed, stream: "\(Self.name)/background")
        return (signal, generator.background(count: nBackground, using: &rng))
    }
}

extension SourceReference {
    /// The X → tt̄ generator.
    public static let xttbar = SourceReference(name: TTbarSource.name)
}
