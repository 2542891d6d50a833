import ParamRunSupport

/// How the weights are drawn before training. Biases start at zero; affine θ maps at s = 1, b = 0.
public enum Initialization: Codable, Hashable, Sendable {
    /// N(0, σ²); the paper uses σ = 0.1.
    case normal(sigma: Double)
    /// U(−a, a) with a = √(6 / (fanIn + fanOut)).
    case glorotUniform
    /// N(0, 2 / fanIn).
    case heNormal

    /// Fills the weights of every layer of `architecture`, drawing in layer order, row by row.
    func initialize<S: NNScalar>(
        _ parameters: UnsafeMutableBufferPointer<S>, architecture: Architecture,
        generator: inout SeededGenerator
    ) {
        for segment in architecture.segments {
            let count = segment.fanIn * segment.fanOut
            let weights = parameters.baseAddress! + segment.weightOffset
            switch self {
            case let .normal(sigma):
                for i in 0..<count { weights[i] = S(sigma * generator.nextNormal()) }
            case .glorotUniform:
                let limit = (6.0 / Double(segment.fanIn + segment.fanOut)).squareRoot()
                for i in 0..<count { weights[i] = S(generator.nextUniform(in: -limit, limit)) }
            case .heNormal:
                let sigma = (2.0 / Double(segment.fanIn)).squareRoot()
                for i in 0..<count { weights[i] = S(sigma * generator.nextNormal()) }
            }
            let biases = parameters.baseAddress! + segment.biasOffset
            for j in 0..<segment.fanOut { biases[j] = 0 }
        }
        // θ maps start at s(θ) = 1, b(θ) = 0 (FiLM's identity start), drawing nothing: an affine
        // network starts as the concatenated one drawn from the same seed.
        for segment in architecture.segments {
            guard let m = segment.modulation else { continue }
            let p = parameters.baseAddress!
            for i in 0..<(m.thetaCount * segment.fanOut) {
                p[m.scaleWeightOffset + i] = 0
                p[m.shiftWeightOffset + i] = 0
            }
            for j in 0..<segment.fanOut {
                p[m.scaleBiasOffset + j] = 1
                p[m.shiftBiasOffset + j] = 0
            }
        }
    }
}
