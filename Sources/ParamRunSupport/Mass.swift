/// Masses as paramrun compares and prints them.
package enum Mass {
    /// Two masses are the same hypothesis when closer than this many GeV: HEPMASS stores 500
    /// as 499.999969, and no analysis scans masses half a GeV apart.
    package static let tolerance = 0.5

    /// Whether `a` and `b` name the same mass hypothesis.
    package static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < tolerance }
}

/// Whether `a` and `b` name the same mass hypothesis (``Mass/same(_:_:)``).
package func sameMass(_ a: Double, _ b: Double) -> Bool { Mass.same(a, b) }

/// A mass or number as people write it: `1000`, not `1000.0`.
package func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}

/// A set of masses where "contains" means "holds the same hypothesis" (``Mass/same(_:_:)``),
/// in constant time per lookup, so validating a list of thousands of masses stays linear.
package struct MassSet: Sendable {
    /// Masses by the tolerance-wide bucket they fall in; a match can only be in the same or a
    /// neighbouring bucket.
    private var buckets: [Int64: [Double]] = [:]

    package init(_ masses: some Sequence<Double> = []) {
        for mass in masses { insert(mass) }
    }

    private static func bucket(_ mass: Double) -> Int64 {
        let b = (mass / Mass.tolerance).rounded(.down)
        return b.isFinite ? Int64(max(-9e18, min(9e18, b))) : 0
    }

    package func contains(_ mass: Double) -> Bool {
        let b = Self.bucket(mass)
        for neighbour in [b - 1, b, b + 1] where buckets[neighbour]?.contains(where: { Mass.same($0, mass) }) == true {
            return true
        }
        return false
    }

    /// Adds `mass`; returns false when the set already held the same hypothesis.
    @discardableResult
    package mutating func insert(_ mass: Double) -> Bool {
        guard !contains(mass) else { return false }
        buckets[Self.bucket(mass), default: []].append(mass)
        return true
    }
}
