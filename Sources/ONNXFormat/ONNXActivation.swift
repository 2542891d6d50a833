import Foundation

/// The elementwise nonlinearity after a layer's Gemm, and the ONNX operator that expresses it.
public enum ONNXActivation: Equatable, Hashable, Sendable {
    /// No node: the Gemm's output is the layer's output.
    case identity
    case relu
    case tanh
    case sigmoid
    /// x for x ≥ 0, else α·x: ONNX's LeakyRelu (whose default α is 0.01).
    case leakyRelu(alpha: Float)

    /// The ONNX op_type, or nil for the identity, which is written as no node at all.
    var operatorName: String? {
        switch self {
        case .identity: return nil
        case .relu: return "Relu"
        case .tanh: return "Tanh"
        case .sigmoid: return "Sigmoid"
        case .leakyRelu: return "LeakyRelu"
        }
    }

    /// Applies the activation in Double, matching ONNX's definition of each operator.
    @inline(__always)
    func apply(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .relu: return x > 0 ? x : 0
        case .tanh: return Foundation.tanh(x)
        case .sigmoid:
            // Split by sign so exp never overflows.
            if x >= 0 { return 1 / (1 + exp(-x)) }
            let e = exp(x)
            return e / (1 + e)
        case let .leakyRelu(alpha): return x >= 0 ? x : Double(alpha) * x
        }
    }
}
