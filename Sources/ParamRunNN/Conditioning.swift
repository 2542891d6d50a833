/// How θ, the last `thetaCount` input columns of a parameterized network, enters the network.
///
/// With `.affine`, θ stays an input column as well (the paper's way in), and every hidden layer's
/// output h becomes s(θ) ⊙ h + b(θ), with s and b learned linear maps of θ (FiLM; Perez et al.
/// 2018; for parameterized networks Anzalone et al. 2022). The maps start at s = 1, b = 0, so an
/// affine network begins as exactly the concatenated one with the same seed and learns how far θ
/// should bend each layer.
public enum Conditioning: Codable, Hashable, Sendable {
    /// θ enters as an input column only.
    case concat
    /// θ, the last `thetaCount` input columns, also scales and shifts every hidden layer's output.
    case affine(thetaCount: Int)

    /// The number of θ columns that condition the hidden layers: 0 for `.concat`.
    public var thetaCount: Int {
        switch self {
        case .concat: return 0
        case let .affine(k): return k
        }
    }
}
