import Foundation

/// A pyhf HistFactory workspace, JSON schema 1.0.0
/// (https://scikit-hep.org/pyhf/schemas/1.0.0/workspace.json).
///
/// Only the structure is modelled here; ``HistFactoryModel`` decides which modifiers it can
/// evaluate. Encoding uses sorted keys and pretty printing so the same workspace always gives the
/// same bytes. Files are read with ``load(from:maximumSize:)`` (JSON/), which checks pyhf's schema
/// and names the file and JSON path of a fault; `Decodable` stays for `JSONDecoder` users.
public struct HistFactoryWorkspace: Codable, Equatable, Sendable {
    /// The channels; HistFactoryModel reads workspaces of one.
    public var channels: [Channel]
    /// The measurements, each naming the POI and parameter settings.
    public var measurements: [Measurement]
    /// Observed counts per channel.
    public var observations: [Observation]
    /// The schema version, `1.0.0`.
    public var version: String

    /// A workspace of the given parts.
    public init(
        channels: [Channel], measurements: [Measurement], observations: [Observation], version: String = "1.0.0"
    ) {
        self.channels = channels
        self.measurements = measurements
        self.observations = observations
        self.version = version
    }

    /// One channel: a binned region and the samples expected in it.
    public struct Channel: Codable, Equatable, Sendable {
        /// The channel's name, matched by its observation.
        public var name: String
        /// The samples whose yields add up in each bin.
        public var samples: [Sample]
        /// A channel `name` with `samples`.
        public init(name: String, samples: [Sample]) { self.name = name; self.samples = samples }
    }

    /// One sample: its nominal yields and the modifiers that scale them.
    public struct Sample: Codable, Equatable, Sendable {
        /// The sample's name (`signal`, `background`).
        public var name: String
        /// Nominal expected yields per bin.
        public var data: [Double]
        /// The modifiers applied to this sample.
        public var modifiers: [Modifier]
        /// A sample `name` with its yields and modifiers.
        public init(name: String, data: [Double], modifiers: [Modifier]) {
            self.name = name; self.data = data; self.modifiers = modifiers
        }
    }

    /// A modifier: `name`, `type` (normfactor, staterror, normsys, …) and its type's `data`.
    public struct Modifier: Codable, Equatable, Sendable {
        /// The modifier's name; samples sharing a name share its parameter.
        public var name: String
        /// pyhf's modifier type: `normfactor`, `staterror`, `normsys`, ….
        public var type: String
        /// The modifier's data, in the shape its type takes.
        public var data: ModifierData
        /// A modifier of any type, with its data.
        public init(name: String, type: String, data: ModifierData) {
            self.name = name; self.type = type; self.data = data
        }

        /// A free normalisation `name` (such as the signal strength μ).
        public static func normfactor(_ name: String) -> Modifier {
            Modifier(name: name, type: "normfactor", data: .none)
        }
        /// Per-bin Monte Carlo uncertainties `uncertainties` (absolute, in yields) as a staterror.
        public static func staterror(_ name: String, uncertainties: [Double]) -> Modifier {
            Modifier(name: name, type: "staterror", data: .values(uncertainties))
        }
        /// A normalisation systematic: the yields scale by `hi` at α = +1 and `lo` at α = −1.
        public static func normsys(_ name: String, hi: Double, lo: Double) -> Modifier {
            Modifier(name: name, type: "normsys", data: .hiLo(hi: hi, lo: lo))
        }

        enum CodingKeys: String, CodingKey { case name, type, data }

        /// Reads a modifier; its data's shape follows from the JSON.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            type = try c.decode(String.self, forKey: .type)
            data = try c.decode(ModifierData.self, forKey: .data)
        }

        /// Writes a modifier, with `data: null` where it has none.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(type, forKey: .type)
            // The schema requires `"data": null` for normfactor, so nil is written, not skipped.
            if case .none = data { try c.encodeNil(forKey: .data) } else { try c.encode(data, forKey: .data) }
        }
    }

    /// The three shapes a modifier's `data` takes in the schema.
    public enum ModifierData: Codable, Equatable, Sendable {
        /// `null` (normfactor, shapefactor, lumi).
        case none
        /// A per-bin array (staterror, shapesys).
        case values([Double])
        /// `{"hi": …, "lo": …}` (normsys).
        case hiLo(hi: Double, lo: Double)
        /// `{"hi_data": […], "lo_data": […]}` (histosys).
        case hiLoData(hi: [Double], lo: [Double])

        enum Keys: String, CodingKey { case hi, lo, hi_data, lo_data }

        /// Reads data as `null`, an array, `{hi, lo}` or `{hi_data, lo_data}`.
        public init(from decoder: Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .none; return }
            if let values = try? single.decode([Double].self) { self = .values(values); return }
            let c = try decoder.container(keyedBy: Keys.self)
            if c.contains(.hi) || c.contains(.lo) {
                self = .hiLo(hi: try c.decode(Double.self, forKey: .hi), lo: try c.decode(Double.self, forKey: .lo))
            } else {
                self = .hiLoData(
                    hi: try c.decode([Double].self, forKey: .hi_data), lo: try c.decode([Double].self, forKey: .lo_data)
                )
            }
        }

        /// Writes the data in the schema's shape.
        public func encode(to encoder: Encoder) throws {
            switch self {
            case .none:
                var c = encoder.singleValueContainer()
                try c.encodeNil()
            case let .values(v):
                var c = encoder.singleValueContainer()
                try c.encode(v)
            case let .hiLo(hi, lo):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(hi, forKey: .hi)
                try c.encode(lo, forKey: .lo)
            case let .hiLoData(hi, lo):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(hi, forKey: .hi_data)
                try c.encode(lo, forKey: .lo_data)
            }
        }
    }

    /// The observed counts of one channel.
    public struct Observation: Codable, Equatable, Sendable {
        /// The channel the counts belong to.
        public var name: String
        /// Observed counts per bin (the Asimov background for an expected result).
        public var data: [Double]
        /// The observation `data` of channel `name`.
        public init(name: String, data: [Double]) { self.name = name; self.data = data }
    }

    /// A named measurement: which parameter is the POI and how the others are set.
    public struct Measurement: Codable, Equatable, Sendable {
        /// The measurement's name.
        public var name: String
        /// Its POI and parameter settings.
        public var config: Config
        /// A measurement `name` with `config`.
        public init(name: String, config: Config) { self.name = name; self.config = config }
    }

    /// A measurement's POI and parameter settings.
    public struct Config: Codable, Equatable, Sendable {
        /// The name of the parameter of interest, a normfactor.
        public var poi: String
        /// Settings that override parameters' defaults.
        public var parameters: [ParameterConfig]
        /// A configuration with POI `poi` and the given settings.
        public init(poi: String, parameters: [ParameterConfig]) { self.poi = poi; self.parameters = parameters }
    }

    /// A measurement's per-parameter settings; unset fields are omitted from the JSON.
    public struct ParameterConfig: Codable, Equatable, Sendable {
        /// The parameter (or staterror) the settings apply to.
        public var name: String
        /// `[low, high]` per parameter (one per bin for a staterror); nil keeps the default.
        public var bounds: [[Double]]?
        /// Initial values, one per parameter; nil keeps the default.
        public var inits: [Double]?
        /// Whether the parameters are held fixed; nil keeps the default.
        public var fixed: Bool?
        /// The auxiliary measurement of a constrained parameter (a `lumi`'s nominal, 1); nil keeps
        /// the default.
        public var auxdata: [Double]?
        /// The width of a constrained parameter's Gaussian (a `lumi`'s relative uncertainty); nil
        /// keeps the default.
        public var sigmas: [Double]?
        /// Settings for `name`; each one left nil keeps the default.
        public init(
            name: String, bounds: [[Double]]? = nil, inits: [Double]? = nil, fixed: Bool? = nil,
            auxdata: [Double]? = nil, sigmas: [Double]? = nil
        ) {
            self.name = name; self.bounds = bounds; self.inits = inits; self.fixed = fixed
            self.auxdata = auxdata; self.sigmas = sigmas
        }
    }
}

extension HistFactoryWorkspace {
    /// Deterministic JSON: pretty printed, keys sorted.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
