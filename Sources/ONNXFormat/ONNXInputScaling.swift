/// The per-column affine map a network applies to its raw inputs: x′ = (x − offset) × scale.
///
/// Standard scaling has offset = mean, scale = 1/σ; min-max scaling has offset = min,
/// scale = 1/(max − min). The exporter folds it into the first Gemm.
public struct ONNXInputScaling: Equatable, Sendable {
    public var offsets: [Float]
    public var scales: [Float]

    public init(offsets: [Float], scales: [Float]) {
        self.offsets = offsets
        self.scales = scales
    }
}
