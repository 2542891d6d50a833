/// Masses as paramrun compares and prints them.
public enum Mass {
    /// Two masses are the same hypothesis when closer than this many GeV: HEPMASS stores 500
    /// as 499.999969, and no analysis scans masses half a GeV apart.
    public static let tolerance = 0.5

    /// Whether `a` and `b` name the same mass hypothesis.
    public static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < tolerance }
}

/// Whether `a` and `b` name the same mass hypothesis (``Mass/same(_:_:)``).
public func sameMass(_ a: Double, _ b: Double) -> Bool { Mass.same(a, b) }

/// A mass or number as people write it: `1000`, not `1000.0`.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
