import ParamRunData

/// One component of θ, as a spec's `parameters:` block declares it.
///
/// The first component is always `mass`, the signal hypothesis; any further one is a condition
/// the data are made under (`jes`, the jet-energy-scale shift), which the datasets' sources must
/// know. A spec without the block has the one component `mass` in GeV.
public struct ParameterSpec: Hashable, Sendable, Codable {
    /// The component's name: `mass` for the first, a condition's name (`jes`) for any further one.
    public var name: String
    /// The unit values are written in (`GeV`, `TeV`, `MeV`, or `""` for a dimensionless one);
    /// values are stored in the base unit of its dimension (GeV for energies).
    public var unit: String
    /// How this component's input column is scaled; nil: the spec's `scale`.
    public var scale: Scaler.Kind?

    package init(name: String, unit: String, scale: Scaler.Kind? = nil) {
        self.name = name
        self.unit = unit
        self.scale = scale
    }

    /// The name of the signal-mass component, which every θ has first.
    package static let mass = "mass"

    /// The θ of a spec without a `parameters:` block: the mass alone, in GeV.
    package static let massOnly = [ParameterSpec(name: mass, unit: "GeV")]

    /// Units a value may be written in, with their dimension and factor to the base unit.
    static let units: [String: (dimension: String, factor: Double)] = [
        "GeV": ("energy", 1), "TeV": ("energy", 1000), "MeV": ("energy", 0.001), "": ("dimensionless", 1),
        "1": ("dimensionless", 1)
    ]

    /// The unit's dimension, `energy` or `dimensionless`.
    var dimension: String { Self.units[unit]?.dimension ?? "dimensionless" }
    /// The factor that takes a value in this unit to the base unit.
    var factor: Double { Self.units[unit]?.factor ?? 1 }
}
