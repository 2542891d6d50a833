import ParamRunSupport

extension Architecture {
    /// What training this network holds beside its data, in bytes (4 per float): the one
    /// estimate that validation (`MemoryEstimate` in ParamRunSpec) and ``Trainer`` both use.
    package struct TrainingMemory: Sendable, Equatable {
        /// Weights, best-epoch copy, checkpoint buffer, the optimizer's state and one gradient
        /// per worker, each ``Architecture/parameterCount`` floats (affine θ maps included).
        package var parameters: Double
        /// Each layer's outputs and deltas for a whole minibatch, plus its scaled inputs.
        package var activations: Double
    }

    /// What applying this network to batches of `batchSize` rows holds, in bytes (4 per float):
    /// the weights twice (the network's and the predictor's copy) and, per worker, the batch's
    /// scaled inputs and two activation buffers as wide as the widest layer, plus an affine
    /// network's scale and shift buffers. The one estimate of a prediction's memory, for
    /// validation (`MemoryEstimate.prediction`) and ``Predictor``'s own layout alike.
    package func predictionMemory(batchSize: Int, workers: Int = 1) -> Double {
        let widest = Double(max(inputCount, layers.map(\.units).max() ?? 0))
        let buffers = conditioning.thetaCount > 0 ? 4.0 : 2.0
        let lane = Double(max(1, batchSize)) * (Double(inputCount) + buffers * widest) * 4
        return Double(parameterCount) * 4 * 2 + lane * Double(max(1, workers))
    }

    /// The training's bytes for minibatches of `batchSize` rows shared by `workers` gradients.
    package func trainingMemory(batchSize: Int, workers: Int, optimizer: OptimizerConfig) -> TrainingMemory {
        let optimizerSlots: Double
        switch optimizer {
        case .sgd: optimizerSlots = 1
        case .adam: optimizerSlots = 2
        }
        let parameters = Double(parameterCount) * 4 * (3 + optimizerSlots + Double(max(1, workers)))
        let units = layers.reduce(0.0) { $0 + Double($1.units) }
        let activations = Double(batchSize) * (units * 2 + Double(inputCount)) * 4
        return TrainingMemory(parameters: parameters, activations: activations)
    }
}
