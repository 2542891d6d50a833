/// The nonlinearity applied after a dense layer's affine map.
public enum Activation: String, Codable, Hashable, Sendable, CaseIterable {
    case relu, tanh, sigmoid, linear

    /// Applies the activation to `count` values in place after adding the bias row, one fused pass.
    @inline(__always)
    func applyWithBias<S: NNScalar>(_ values: UnsafeMutablePointer<S>, rows: Int, columns: Int, bias: UnsafePointer<S>)
    {
        if S.self == Float.self, self == .relu || self == .linear {
            let v = UnsafeMutableRawPointer(values).assumingMemoryBound(to: Float.self)
            let b = UnsafeRawPointer(bias).assumingMemoryBound(to: Float.self)
            if self == .relu {
                VectorKernels.biasRelu(v, rows: rows, columns: columns, bias: b)
            } else {
                VectorKernels.addBias(v, rows: rows, columns: columns, bias: b)
            }
            return
        }
        switch self {
        case .relu:
            for r in 0..<rows {
                let row = values + r * columns
                for j in 0..<columns { let v = row[j] + bias[j]; row[j] = v > 0 ? v : 0 }
            }
        case .tanh:
            for r in 0..<rows {
                let row = values + r * columns
                for j in 0..<columns { row[j] = S.tanh(row[j] + bias[j]) }
            }
        case .sigmoid:
            for r in 0..<rows {
                let row = values + r * columns
                for j in 0..<columns { row[j] = Activation.logistic(row[j] + bias[j]) }
            }
        case .linear:
            for r in 0..<rows {
                let row = values + r * columns
                for j in 0..<columns { row[j] += bias[j] }
            }
        }
    }

    /// Multiplies `delta` by the derivative, expressed through the activation's output `a`
    /// (so the pre-activations need not be kept).
    @inline(__always)
    func multiplyByDerivative<S: NNScalar>(_ delta: UnsafeMutablePointer<S>, output a: UnsafePointer<S>, count: Int) {
        if S.self == Float.self, self == .relu {
            VectorKernels.reluMask(
                UnsafeMutableRawPointer(delta).assumingMemoryBound(to: Float.self),
                output: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), count: count)
            return
        }
        switch self {
        case .relu:
            for i in 0..<count where !(a[i] > 0) { delta[i] = 0 }
        case .tanh:
            for i in 0..<count { delta[i] *= 1 - a[i] * a[i] }
        case .sigmoid:
            for i in 0..<count { delta[i] *= a[i] * (1 - a[i]) }
        case .linear:
            break
        }
    }

    /// 1 / (1 + e^-x) without overflow for large |x|.
    @inline(__always)
    static func logistic<S: NNScalar>(_ x: S) -> S {
        if x >= 0 { return 1 / (1 + S.exp(-x)) }
        let e = S.exp(x)
        return e / (1 + e)
    }
}
