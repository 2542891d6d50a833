/// The per-column affine map a network applies to its raw inputs: x′ = (x − offset) × scale.
///
/// Standard scaling has offset = mean, scale = 1/σ; min-max scaling has offset = min,
/// scale = 1/(max − min). The exporter folds it into the first Gemm.
public struct ONNXInputScaling: Equatable, Sendable {
    /// Per input column: subtracted first (x′ = (x − offset) × scale).
    public var offsets: [Float]
    /// Per input column: the factor applied after the offset.
    public var scales: [Float]

    /// A scaling with one offset and one scale per input column.
    public init(offsets: [Float], scales: [Float]) {
        self.offsets = offsets
        self.scales = scales
    }
}
