import ParamRunSupport

/// How the weights are drawn before training. Biases start at zero.
public enum Initialization: Codable, Hashable, Sendable {
    /// N(0, σ²); the paper uses σ = 0.1.
    case normal(sigma: Double)
    /// U(−a, a) with a = √(6 / (fanIn + fanOut)).
    case glorotUniform
    /// N(0, 2 / fanIn).
    case heNormal

    /// Fills the weights of every layer of `architecture`, drawing in layer order, row by row.
    func initialize<S: NNScalar>(_ parameters: UnsafeMutableBufferPointer<S>, architecture: Architecture,
                                 generator: inout SeededGenerator) {
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
    }
}
