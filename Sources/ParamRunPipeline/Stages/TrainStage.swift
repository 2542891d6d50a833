import Foundation
import ParamRunData
import ParamRunNN
import ParamRunSpec
import ParamRunSupport
import Synchronization

/// `train/<model>`: trains one network on its scaled events, resuming from the last epoch's
/// checkpoint after a kill.
package enum TrainStage: StageDefinition {
    package static let kind = StageKind(declaring: "train")
    /// A training's shards, or an unsplit minibatch's rows, bound its threads.
    package static let refusesThreadsAboveMax = true

    /// The model's settings that decide the network, named in ``Model`` (not its name, sweep
    /// label or threads, so two specs that train the same network share the result); the seed
    /// derives from the stage's ID.
    package struct Configuration: Codable, Sendable {
        var model: Model
        var seed: UInt64
    }

    package static let modelFile = "model.\(ModelFile.pathExtension)"
    package static let trainingLog = "training.json"

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        for model in spec.evaluatedModels {
            let id = StageID(kind, model.name)
            try plan.add(
                id, inputs: [StageID(ScaleStage.kind, model.name)],
                configuration: Configuration(model: Model(model), seed: plan.seed(for: id)),
                threads: model.threads, maxThreads: model.threadLimit)
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        let model = c.model
        let directory = try context.inputFolder(0)
        let table = try EventTable.readArtifacts(from: directory)
        let scaler = try Scaler.load(from: directory.appendingPathComponent("scaler.json"))
        let parameterized = model.kind == .parameterized
        var inputs = try NetworkInputs.matrix(table, theta: parameterized)
        if parameterized {
            ThetaAugmentation.apply(
                noise: model.thetaNoise, treatment: model.theta, to: &inputs, labels: table.labels,
                thetaColumn: inputs.columns - 1, seed: c.seed)
        }
        var pairs = try scaler.inputColumns()
        if !parameterized { pairs.removeLast() }
        let inputScaler = try InputScaler(offsets: pairs.map(\.offset), scales: pairs.map(\.scale))
        let weights = NetworkInputs.trainingWeights(
            labels: table.labels, eventWeights: table.weights, balance: model.balance)
        let examples = LabeledExamples(features: inputs, labels: table.labels, weights: weights)

        let architecture = model.architecture(inputCount: inputs.columns)
        let config = model.trainingConfig(seed: c.seed, threads: context.threads)
        let trainer = try Trainer(architecture: architecture, config: config)
        let id = context.stage.id.description
        // A lent core the training cannot use is worth a line: where this machine's sgemm keeps
        // no exact row cut for these shapes, an unsplit training stays on one thread.
        let rows = min(model.batchSize, examples.features.rows)
        if config.shards == 1, context.stage.maxThreads > 1, Trainer.rowSplitThreadLimit(batchSize: rows) > 1,
            trainer.rowSplitPieces(rows: rows, threads: 2) == 1
        {
            context.message(
                "sgemm (\(BLASRuntime.coreName) kernels) keeps no exact row cut for this network: "
                    + "it trains on one thread whatever it is lent"
            )
        }
        let started = Date()
        let firstEpoch = FirstEpoch()
        let result = try trainer.train(
            examples, scaler: inputScaler,
            checkpointDirectory: try context.store.resumeDirectory(for: context.stage.key),
            grant: context.grant
        ) { report in
            // After a resume the first epoch here is not epoch 1: pace the ETA on this process's epochs.
            let first = firstEpoch.value(orSet: report.epoch)
            let elapsed = Date().timeIntervalSince(started)
            var event = RunEvent(.epoch, stage: id)
            event.epoch = report.epoch
            event.epochs = report.totalEpochs
            event.loss = report.trainLoss
            event.validationLoss = report.validationLoss
            event.validationAUC = report.validationAUC
            event.learningRate = report.learningRate
            event.threads = context.grant.threads
            event.elapsed = elapsed
            event.eta = elapsed / Double(report.epoch - first + 1) * Double(report.totalEpochs - report.epoch)
            context.emit(event)
        }
        var network = result.network
        network.featureNames = table.featureNames + (parameterized ? ["theta"] : [])
        network.thetaColumn = parameterized ? table.featureCount : nil
        network.modelType = model.kind.rawValue
        network.trainMasses = model.trainMasses
        network.heldOutMasses = model.heldOut
        network.setConditionNames(table.parameterNames)
        try ModelFile.write(network, to: context.workspace.appendingPathComponent(modelFile))
        try JSONCoding.write(result.reports, to: context.workspace.appendingPathComponent(trainingLog))
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        [
            Publication(modelFile, to: "models/\(stage.id.name).\(ModelFile.pathExtension)"),
            Publication(trainingLog, to: "models/\(stage.id.name).training.json")
        ]
    }
}

/// The first epoch a training process reported; set once by the progress callback.
private final class FirstEpoch: Sendable {
    private let epoch = Mutex<Int?>(nil)

    func value(orSet candidate: Int) -> Int {
        epoch.withLock { value in
            if let value { return value }
            value = candidate
            return candidate
        }
    }
}

extension StageKind {
    /// `train` stages (TrainStage).
    public static let train = TrainStage.kind
}
