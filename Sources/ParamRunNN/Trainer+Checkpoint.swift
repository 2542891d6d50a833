import Foundation
import ParamRunSupport

/// Resuming a killed training: the progress a checkpoint carries, writing and restoring it, and the
/// fingerprint that lets a checkpoint resume only the training it came from.
extension Trainer {
    /// Early-stopping bookkeeping that a checkpoint carries.
    struct ProgressState {
        var reports: [EpochReport] = []
        var bestValidationLoss: Double?
        var bestEpoch: Int?
        var epochsWithoutImprovement = 0
        var bestParameters: [Float] = []
        var finished = false
        var stoppedEarly = false

        mutating func observe(
            validationLoss: Double, epoch: Int, rule: EarlyStopping, parameters: UnsafeMutableBufferPointer<Float>
        ) {
            if let best = bestValidationLoss, !(validationLoss < best - rule.minDelta) {
                epochsWithoutImprovement += 1
                if epochsWithoutImprovement >= rule.patience {
                    finished = true
                    stoppedEarly = true
                }
                return
            }
            bestValidationLoss = validationLoss
            bestEpoch = epoch
            epochsWithoutImprovement = 0
            if rule.restoreBest { bestParameters = Array(parameters) }
        }
    }

    func checkpoint(
        fingerprint: String, epoch: Int, core: Perceptron<Float>, optimizer: Optimizer<Float>,
        generator: SeededGenerator, state: ProgressState
    ) -> Checkpoint {
        Checkpoint(
            fingerprint: fingerprint, epochsCompleted: epoch, finished: state.finished,
            stoppedEarly: state.stoppedEarly,
            generatorState: generator.state, optimizerStep: optimizer.step, reports: state.reports,
            bestValidationLoss: state.bestValidationLoss, bestEpoch: state.bestEpoch,
            epochsWithoutImprovement: state.epochsWithoutImprovement, parameters: Array(core.parameters),
            optimizerSlots: config.optimizer.slotsPerParameter == 0 ? [] : Array(optimizer.slots),
            bestParameters: state.bestParameters)
    }

    func restore(
        _ checkpoint: Checkpoint, path: String, fingerprint: String, core: Perceptron<Float>,
        optimizer: Optimizer<Float>, generator: inout SeededGenerator, state: inout ProgressState
    ) throws {
        guard checkpoint.fingerprint == fingerprint else {
            throw NNError.checkpointMismatch(
                path: path, reason: "fingerprint \(checkpoint.fingerprint), this training has \(fingerprint)")
        }
        guard checkpoint.parameters.count == core.parameters.count else {
            throw NNError.checkpointMismatch(
                path: path, reason: "\(checkpoint.parameters.count) parameters, expected \(core.parameters.count)")
        }
        let slots = config.optimizer.slotsPerParameter * core.parameters.count
        guard checkpoint.optimizerSlots.count == slots else {
            throw NNError.checkpointMismatch(
                path: path, reason: "\(checkpoint.optimizerSlots.count) optimizer values, expected \(slots)")
        }
        guard checkpoint.reports.count == checkpoint.epochsCompleted else {
            throw NNError.corruptFile(
                path: path, reason: "\(checkpoint.reports.count) epoch reports for \(checkpoint.epochsCompleted) epochs"
            )
        }
        _ = core.parameters.update(fromContentsOf: checkpoint.parameters)
        if slots > 0 { _ = optimizer.slots.update(fromContentsOf: checkpoint.optimizerSlots) }
        optimizer.step = checkpoint.optimizerStep
        generator = try SeededGenerator(state: checkpoint.generatorState)
        state.reports = checkpoint.reports
        state.bestValidationLoss = checkpoint.bestValidationLoss
        state.bestEpoch = checkpoint.bestEpoch
        state.epochsWithoutImprovement = checkpoint.epochsWithoutImprovement
        state.bestParameters = checkpoint.bestParameters
        state.stoppedEarly = checkpoint.stoppedEarly
        // A finished training stays finished; one that asked for more epochs carries on.
        state.finished = checkpoint.stoppedEarly || (checkpoint.finished && checkpoint.epochsCompleted >= config.epochs)
    }

    /// A SHA-256 of the configuration (without epochs and threads, which may change between
    /// runs) and of every value of the data: a checkpoint resumes only the training it came from.
    static func fingerprint(
        architecture: Architecture, config: TrainingConfig, examples: LabeledExamples,
        validation: LabeledExamples?, scaler: InputScaler?
    ) -> String {
        var stable = config
        stable.epochs = 0
        stable.threads = nil
        let encoder = JSONCoding.encoder()
        var hasher = SHA256()
        for part in [try? encoder.encode(architecture), try? encoder.encode(stable), try? encoder.encode(scaler)] {
            (part ?? Data()).withUnsafeBytes { hasher.update($0) }
            hasher.update([0])
        }
        for set in [examples] + (validation.map { [$0] } ?? []) {
            hasher.update("\(set.features.rows)x\(set.features.columns)")
            set.features.values.withUnsafeBytes { hasher.update($0) }
            set.labels.withUnsafeBytes { hasher.update($0) }
            (set.weights ?? []).withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalizeHex()
    }

    /// Creates `checkpointDirectory` and, when it holds a checkpoint of this same training, restores the
    /// weights, optimizer, generator and progress from it; returns the epoch it resumes after.
    func resume(
        in checkpointDirectory: URL?, fingerprint: String, core: Perceptron<Float>, optimizer: Optimizer<Float>,
        generator: inout SeededGenerator, state: inout ProgressState
    ) throws -> Int? {
        guard let checkpointDirectory else { return nil }
        let checkpointURL = Checkpoint.url(in: checkpointDirectory)
        do {
            try FileManager.default.createDirectory(at: checkpointDirectory, withIntermediateDirectories: true)
        } catch {
            throw NNError.io(
                path: checkpointDirectory.path,
                reason: "cannot create checkpoint directory: \(error.localizedDescription)")
        }
        if FileManager.default.fileExists(atPath: checkpointURL.path) {
            let checkpoint = try Checkpoint.read(from: checkpointURL)
            try restore(
                checkpoint, path: checkpointURL.path, fingerprint: fingerprint, core: core,
                optimizer: optimizer, generator: &generator, state: &state)
            return checkpoint.epochsCompleted
        }
        return nil
    }
}
