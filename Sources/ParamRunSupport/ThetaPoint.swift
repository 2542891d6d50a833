/// One point of the parameter space θ: the signal mass and, when a spec declares more
/// components, the conditions the data were made under (a jet-energy-scale shift `jes`, …).
///
/// The mass is the signal hypothesis: background events have none of their own and are given
/// one. A condition describes signal and background alike, so background events carry the
/// condition they were made under. A spec of one component has no conditions, and a point is
/// then just a mass, as before.
public struct ThetaPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The signal mass (GeV for the physics sources; the toy's bare θ).
    public var mass: Double
    /// Further components by name; empty for a one-component θ.
    public var conditions: [String: Double]

    /// A θ of `mass` (GeV) with the given condition values (such as `jes`); no conditions: mass only.
    public init(mass: Double, conditions: [String: Double] = [:]) {
        self.mass = mass
        self.conditions = conditions
    }

    /// Two condition values are the same setting when closer than this: conditions are small
    /// dimensionless shifts such as a JES of 0.05, never scanned a millionth apart.
    public static let conditionTolerance = 1e-6

    /// Whether `self` and `other` are the same hypothesis: masses within ``Mass/tolerance`` and
    /// every condition within ``conditionTolerance``.
    public func same(_ other: ThetaPoint) -> Bool {
        Mass.same(mass, other.mass) && Self.sameConditions(conditions, other.conditions)
    }

    /// Whether two condition settings agree component by component.
    public static func sameConditions(_ a: [String: Double], _ b: [String: Double]) -> Bool {
        a.count == b.count
            && a.allSatisfy { key, value in b[key].map { abs($0 - value) < conditionTolerance } ?? false }
    }

    /// The conditions in the order of `names`, as a stage name or label writes them:
    /// `jes=-0.05`; empty for a one-component θ.
    public func conditionLabel(_ names: [String]? = nil, separator: String = ",") -> String {
        (names ?? conditions.keys.sorted()).compactMap { name in conditions[name].map { "\(name)=\(formatNumber($0))" }
        }
        .joined(separator: separator)
    }

    /// `1000` for a mass alone, `1000,jes=-0.05` with conditions.
    public var description: String {
        conditions.isEmpty ? formatNumber(mass) : "\(formatNumber(mass)),\(conditionLabel())"
    }

    /// The distinct condition settings among `points`, in first-seen order.
    public static func conditionSettings(of points: [ThetaPoint]) -> [[String: Double]] {
        var settings: [[String: Double]] = []
        var seen = ThetaPointIndex<Bool>()
        for point in points where seen.insert(ThetaPoint(mass: 0, conditions: point.conditions)) {
            settings.append(point.conditions)
        }
        return settings
    }
}
