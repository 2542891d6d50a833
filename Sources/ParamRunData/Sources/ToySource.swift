import ParamRunSupport

/// The paper's Fig. 2 toy (``ToyGenerator``): one feature x, uniform background, Gaussian signal at θ.
public struct ToySource: EventSource {
    /// Named `toy` in a spec.
    public static let name = "toy"
    /// A generator: takes no argument.
    public static let argument = EventSourceArgument.none
    /// The source, as error messages name it.
    public static let argumentDescription = "toy generator"
    /// The toy's θ is a bare number and may be negative.
    public static let allowsNegativeMasses = true

    /// The toy's θ, a bare number that every event carries as a 32-bit float: ±10⁶ keeps it far
    /// inside that float's range and precision (10³⁰⁰ would be stored as infinity).
    public static func validRange(of component: String) -> ClosedRange<Double>? {
        component == "mass" ? -1e6...1e6 : nil
    }

    /// The generator; it reads no path.
    public init(path: String?) {}

    /// The toy's one feature, `x`.
    public var featureNames: [String] { ToyGenerator.featureNames }

    /// Generates the requested events from the request's seed.
    public func events(for request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        let (perMass, nBackground) = try GeneratedCounts.check(request)
        if let range = Self.validRange(of: "mass"), let outside = request.masses.first(where: { !range.contains($0) }) {
            throw DataError(
                .invalidRequest(
                    "the toy generator makes θ in \(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound)), "
                        + "not \(formatNumber(outside))"))
        }
        var signal = EventTable(featureNames: featureNames)
        for mass in request.masses {
            var rng = SeededGenerator(seed: request.seed, stream: "\(Self.name)/signal/\(mass)")
            signal.append(request.toy.signal(mass: mass, count: perMass, using: &rng))
        }
        var rng = SeededGenerator(seed: request.seed, stream: "\(Self.name)/background")
        return (signal, request.toy.background(count: nBackground, masses: request.masses, using: &rng))
    }
}

/// The counts every generator needs, checked once.
enum GeneratedCounts {
    static func check(_ request: DatasetRequest) throws -> (perMass: Int, background: Int) {
        guard !request.masses.isEmpty else {
            throw DataError(.invalidRequest("a generator needs at least one mass"))
        }
        guard let perMass = request.signalPerMass, let background = request.background, perMass >= 0, background >= 0
        else {
            throw DataError(.invalidRequest("a generator needs signalPerMass and background counts"))
        }
        // Refused before allocating: an absurd count is an error, not an abort in malloc.
        let events = Double(perMass) * Double(request.masses.count) + Double(background)
        // Sized for the widest generated table, ttbar's 27 features.
        let bytes = EventTable.estimatedBytes(events: events, features: HEPMASSReader.featureNames.count)
        guard bytes <= ByteSize.physicalMemory else {
            throw DataError(
                .invalidRequest(
                    "\(formatNumber(events)) events need about \(ByteSize.describe(bytes)) of memory; this machine "
                        + "has \(ByteSize.describe(ByteSize.physicalMemory))"
                ))
        }
        return (perMass, background)
    }
}

extension SourceReference {
    /// The toy generator.
    public static let toy = SourceReference(name: ToySource.name)
}
