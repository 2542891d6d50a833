/// A hidden layer's affine conditioning: its output h becomes s ⊙ h + b, with s and b linear maps
/// of the graph's input row, each `units × inputCount` unit-major (Gemm's B with transB = 1).
///
/// paramrun's maps read only θ, the last input columns; written against the whole row, they take
/// the input scaling folded in like the first layer does, and stay plain Gemm nodes.
public struct ONNXModulation: Equatable, Sendable {
    public var scaleWeights: [Float]
    public var scaleBias: [Float]
    public var shiftWeights: [Float]
    public var shiftBias: [Float]

    public init(scaleWeights: [Float], scaleBias: [Float], shiftWeights: [Float], shiftBias: [Float]) {
        self.scaleWeights = scaleWeights
        self.scaleBias = scaleBias
        self.shiftWeights = shiftWeights
        self.shiftBias = shiftBias
    }
}
