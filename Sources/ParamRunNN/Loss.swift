/// The quantity training minimises, averaged over the examples of a minibatch as
/// Σᵢ wᵢ · ℓᵢ / n (per-example weights wᵢ default to 1).
public enum Loss: String, Codable, Hashable, Sendable {
    /// Binary cross-entropy of a logistic output, computed from the logit z so it stays
    /// finite at saturated outputs: ℓ = max(z, 0) − z·y + log(1 + e^−|z|). Needs a sigmoid output.
    case binaryCrossEntropy
    /// (a − y)² on the output a, for any output activation.
    case meanSquaredError

    /// ℓ for one example, from the output layer's stored value (the logit for cross-entropy).
    @inline(__always)
    func value<S: NNScalar>(stored z: S, label y: S) -> S {
        switch self {
        case .binaryCrossEntropy:
            return (z > 0 ? z : 0) - z * y + S.log1p(S.exp(-Swift.abs(z)))
        case .meanSquaredError:
            return (z - y) * (z - y)
        }
    }

    /// dℓ/d(stored value), before the output activation's derivative (which cross-entropy folds in).
    @inline(__always)
    func derivative<S: NNScalar>(stored z: S, label y: S) -> S {
        switch self {
        case .binaryCrossEntropy: return Activation.logistic(z) - y
        case .meanSquaredError: return 2 * (z - y)
        }
    }
}
