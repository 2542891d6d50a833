import ParamRunData
import ParamRunNN

/// What a spec's stages will hold in memory, estimated at validation so that a spec that cannot
/// fit is refused at the offending line instead of dying in an allocation hours later.
///
/// The estimates are upper-leaning and are the engines' own: an event table's is
/// `EventTable.estimatedBytes(events:features:)` (what the generators check too), a training's
/// is `Architecture.trainingMemory(batchSize:workers:optimizer:)` (what ``Trainer`` checks)
/// plus its events.
package enum MemoryEstimate {
    /// An event table's bytes: each event has its features, its label and its θ.
    package static func events(_ count: Double, features: Int) -> Double {
        EventTable.estimatedBytes(events: count, features: features)
    }

    /// A training's bytes, in parts, for a message that says which part is large.
    package struct Training: Sendable {
        package var parameters: Double
        package var activations: Double
        package var data: Double
        package var total: Double { parameters + activations + data }
    }

    /// The rows a stage scores per forward pass: `Network.predict`'s batch, which evaluation and
    /// the smoothness scan use.
    package static let predictionBatch = Predictor.defaultBatchSize

    /// Applying `architecture` to ``predictionBatch`` rows at a time, as evaluation does.
    package static func prediction(_ architecture: Architecture) -> Double {
        architecture.predictionMemory(batchSize: predictionBatch)
    }

    /// The training of `architecture` on `trainingEvents` events.
    package static func training(
        _ architecture: Architecture, batchSize: Int, workers: Int, optimizer: OptimizerConfig,
        trainingEvents: Double
    ) -> Training {
        let memory = architecture.trainingMemory(batchSize: batchSize, workers: workers, optimizer: optimizer)
        return Training(
            parameters: memory.parameters, activations: memory.activations,
            data: events(trainingEvents, features: architecture.inputCount))
    }
}
