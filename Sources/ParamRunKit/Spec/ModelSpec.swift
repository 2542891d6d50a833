/// One network to train, after sweep expansion.
public struct ModelSpec: Hashable, Sendable, Codable {
    /// How θ enters: as an input (parameterized), not at all and one mass (fixed), or not at all
    /// and every training mass pooled (an unlabeled mixture).
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case parameterized, fixed, mixture
    }

    public enum Activation: String, Hashable, Sendable, Codable, CaseIterable {
        case relu, tanh, sigmoid, linear
    }

    public enum Initialization: Hashable, Sendable, Codable {
        case normal(sigma: Double)
        case glorotUniform
        case heNormal
    }

    public enum Optimizer: Hashable, Sendable, Codable {
        case sgd(learningRate: Double, momentum: Double, nesterov: Bool)
        case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    }

    public enum Schedule: Hashable, Sendable, Codable {
        case constant
        /// Multiply the learning rate by `factor` after every epoch (the paper's 0.89).
        case exponential(factor: Double)
        /// Multiply by `factor` every `every` epochs.
        case step(every: Int, factor: Double)
    }

    public struct EarlyStopping: Hashable, Sendable, Codable {
        public var patience: Int
        public var minDelta: Double
    }

    public var name: String
    /// The sweep this model came from, so `evaluate.models` can name the whole family.
    public var sweep: String?
    public var kind: Kind
    public var trainData: String
    public var trainMasses: [Double]
    public var heldOut: [Double]
    public var hidden: [Int]
    public var activation: Activation
    public var initialization: Initialization
    public var optimizer: Optimizer
    public var weightDecay: Double
    public var batchSize: Int
    public var epochs: Int
    public var schedule: Schedule
    public var validationFraction: Double
    public var earlyStopping: EarlyStopping?
    /// Weight signal and background so each class carries half the loss.
    public var balance: Bool
    /// BLAS threads for this training. Part of the configuration, because OpenBLAS's sums (and so
    /// the trained weights) differ in the last bits between thread counts; results must not
    /// depend on how many stages `--jobs` lets run beside it.
    public var threads: Int
}
