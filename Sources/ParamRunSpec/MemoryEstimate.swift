import ParamRunNN

/// What a spec's stages will hold in memory, estimated at validation so that a spec that cannot
/// fit is refused at the offending line instead of dying in an allocation hours later.
///
/// The estimates are upper-leaning: every float is 4 bytes, event tables count twice (a stage
/// holds one while building the next), and a training holds its data, its weights, one gradient
/// per worker, the optimizer's state, a best-epoch copy, and a batch's activations and deltas.
public enum MemoryEstimate {
    /// An event table's bytes: each event has its features, its label and its θ.
    public static func events(_ count: Double, features: Int) -> Double {
        count * Double(features + 2) * 4 * 2
    }

    /// A training's bytes, in parts, for a message that says which part is large.
    public struct Training: Sendable {
        public var parameters: Double
        public var activations: Double
        public var data: Double
        public var total: Double { parameters + activations + data }
    }

    public static func training(inputs: Int, hidden: [Int], batchSize: Int, workers: Int, optimizer: OptimizerConfig,
                                trainingEvents: Double) -> Training {
        var count = 0.0, fanIn = Double(inputs), units = 0.0
        for width in hidden.map(Double.init) + [1] {
            count += (fanIn + 1) * width
            units += width
            fanIn = width
        }
        let optimizerSlots: Double
        switch optimizer {
        case .sgd: optimizerSlots = 1
        case .adam: optimizerSlots = 2
        }
        // Weights, best-epoch copy, checkpoint buffer, optimizer state, one gradient per worker.
        let parameters = count * 4 * (3 + optimizerSlots + Double(max(1, workers)))
        // Each layer's outputs and deltas for a whole minibatch, plus its scaled inputs.
        let activations = Double(batchSize) * (units * 2 + Double(inputs)) * 4
        return Training(parameters: parameters, activations: activations, data: events(trainingEvents, features: inputs))
    }
}
