import ParamRunSupport

/// The paper's toy (Fig. 2): one feature `x`; background uniform, signal Gaussian with mean θ.
public struct ToyGenerator: Codable, Hashable, Sendable {
    /// Width of the signal Gaussian.
    public var signalWidth: Double
    /// Range of the uniform background; nil means [min θ − 1, max θ + 1] over the requested masses.
    public var backgroundLower: Double?
    /// The upper end of the uniform background; nil: max θ + 1.
    public var backgroundUpper: Double?

    /// The toy's one feature column.
    public static let featureNames = ["x"]

    /// A toy with a signal Gaussian of `signalWidth` and a uniform background over the given range.
    public init(signalWidth: Double = 0.25, backgroundLower: Double? = nil, backgroundUpper: Double? = nil) {
        self.signalWidth = signalWidth
        self.backgroundLower = backgroundLower
        self.backgroundUpper = backgroundUpper
    }

    /// `count` signal events x ~ N(θ, width²), θ = mass.
    public func signal(mass: Double, count: Int, using rng: inout SeededGenerator) -> EventTable {
        var x = [Float](repeating: 0, count: count)
        for i in 0..<count { x[i] = Float(mass + signalWidth * rng.nextNormalPaired()) }
        return EventTable(
            featureNames: Self.featureNames, features: x,
            labels: [Float](repeating: 1, count: count), theta: [Float](repeating: Float(mass), count: count))
    }

    /// `count` background events x ~ U(lower, upper); θ is left 0 for the caller to assign.
    public func background(count: Int, masses: [Double], using rng: inout SeededGenerator) -> EventTable {
        let lower = backgroundLower ?? ((masses.min() ?? 0) - 1)
        let upper = backgroundUpper ?? ((masses.max() ?? 0) + 1)
        var x = [Float](repeating: 0, count: count)
        for i in 0..<count { x[i] = Float(lower + (upper - lower) * rng.nextUniform()) }
        return EventTable(
            featureNames: Self.featureNames, features: x,
            labels: [Float](repeating: 0, count: count), theta: [Float](repeating: 0, count: count))
    }
}
