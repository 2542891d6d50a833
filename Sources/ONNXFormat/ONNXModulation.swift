/// A hidden layer's affine conditioning: its output h becomes s ⊙ h + b, with s and b linear maps
/// of the graph's input row, each `units × inputCount` unit-major (Gemm's B with transB = 1).
///
/// paramrun's maps read only θ, the last input columns; written against the whole row, they take
/// the input scaling folded in like the first layer does, and stay plain Gemm nodes.
public struct ONNXModulation: Equatable, Sendable {
    /// Weights of the scale map S = Gemm(input), `units × inputCount`, row-major like ``ONNXLayer/weights``.
    public var scaleWeights: [Float]
    /// Bias of the scale map, one per unit.
    public var scaleBias: [Float]
    /// Weights of the shift map B = Gemm(input), `units × inputCount`, row-major.
    public var shiftWeights: [Float]
    /// Bias of the shift map, one per unit.
    public var shiftBias: [Float]

    /// A modulation from its two maps: the layer's output h becomes h · S + B.
    public init(scaleWeights: [Float], scaleBias: [Float], shiftWeights: [Float], shiftBias: [Float]) {
        self.scaleWeights = scaleWeights
        self.scaleBias = scaleBias
        self.shiftWeights = shiftWeights
        self.shiftBias = shiftBias
    }
}
