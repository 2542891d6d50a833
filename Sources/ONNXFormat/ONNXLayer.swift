/// One dense layer: `units` outputs, activation(W·x + b), with W stored as ONNX's Gemm wants it.
public struct ONNXLayer: Equatable, Sendable {
    /// Number of inputs the layer takes.
    public var fanIn: Int
    /// Number of outputs.
    public var units: Int
    /// `units × fanIn`, row-major: row u holds unit u's weights. This is Gemm's B with transB = 1.
    public var weights: [Float]
    /// One bias per unit.
    public var bias: [Float]
    /// The activation applied to the layer's output.
    public var activation: ONNXActivation
    /// Scaling and shifting of the activated output by maps of the input row; nil for a plain layer.
    public var modulation: ONNXModulation?

    /// A layer from weights laid out unit-major (`units × fanIn`, row-major).
    public init(fanIn: Int, units: Int, weights: [Float], bias: [Float], activation: ONNXActivation) {
        self.fanIn = fanIn
        self.units = units
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// A layer from weights laid out input-major (`fanIn × units`, row-major: W[in][unit]), the
    /// layout of paramrun's parameter vector; they are transposed here.
    public init(fanIn: Int, units: Int, inputMajorWeights: [Float], bias: [Float], activation: ONNXActivation)
        throws(ONNXError)
    {
        guard fanIn > 0, units > 0, inputMajorWeights.count == fanIn * units else {
            throw .invalidDescription(
                reason:
                    "a \(fanIn)→\(units) layer needs \(max(fanIn, 0) * max(units, 0)) weights, "
                    + "found \(inputMajorWeights.count)"
            )
        }
        var transposed = [Float](repeating: 0, count: inputMajorWeights.count)
        for k in 0..<fanIn {
            for u in 0..<units { transposed[u * fanIn + k] = inputMajorWeights[k * units + u] }
        }
        self.init(fanIn: fanIn, units: units, weights: transposed, bias: bias, activation: activation)
    }
}
