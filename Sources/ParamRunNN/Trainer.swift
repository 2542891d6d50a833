import Foundation
import ParamRunMetrics
import ParamRunSupport

/// Trains a ``Network`` by minibatch gradient descent on OpenBLAS sgemm.
///
/// The same architecture, configuration, data and BLAS thread count give the same weights,
/// bit for bit. With a checkpoint directory, a killed training that is started again continues
/// from the last finished epoch and ends with the weights an uninterrupted one would have.
public struct Trainer: Sendable {
    public let architecture: Architecture
    public let config: TrainingConfig

    /// Checks the configuration against the architecture.
    public init(architecture: Architecture, config: TrainingConfig) throws {
        try config.validate(architecture: architecture)
        // Refused before allocating: weights, a best copy, optimizer state and a gradient per
        // worker, in floats. A network too large is an error, not an abort in malloc.
        let copies = 4.0 + Double(max(1, config.threads ?? 1))
        let bytes = Double(architecture.parameterCount) * 4 * copies
        guard bytes <= ByteSize.physicalMemory else {
            throw NNError.invalidConfiguration("a network of \(architecture.parameterCount) parameters needs about \(ByteSize.describe(bytes)) of memory to train; this machine has \(ByteSize.describe(ByteSize.physicalMemory))")
        }
        self.architecture = architecture
        self.config = config
    }

    /// Trains on `examples`, holding out `config.validationFraction` of them for validation
    /// unless a separate `validation` set is given.
    ///
    /// - Parameters:
    ///   - scaler: applied to every input row before the first layer, and stored in the network.
    ///   - checkpointDirectory: where a checkpoint is written after every epoch; an existing one
    ///     from the same training is resumed.
    ///   - progress: called after every epoch, once its checkpoint is written.
    public func train(_ examples: LabeledExamples, validation: LabeledExamples? = nil, scaler: InputScaler? = nil,
                      checkpointDirectory: URL? = nil,
                      progress: (EpochReport) -> Void = { _ in }) throws -> TrainingResult {
        try examples.validate(architecture: architecture, loss: config.loss, scaler: scaler, role: "training")
        try validation?.validate(architecture: architecture, loss: config.loss, scaler: scaler, role: "validation")
        guard examples.features.rows > 0 else { throw NNError.shapeMismatch(what: "training examples", expected: "at least 1 row", found: "0") }

        let core = Perceptron<Float>(architecture: architecture)
        var generator = SeededGenerator(seed: config.seed)
        config.initialization.initialize(core.parameters, architecture: architecture, generator: &generator)

        // The split draws from the same generator, after the weights, so it too follows from the seed.
        var trainRows = Array(0..<examples.features.rows)
        var validationRows: [Int] = []
        if validation == nil, config.validationFraction > 0 {
            generator.shuffle(&trainRows)
            let held = min(trainRows.count - 1, Int((config.validationFraction * Double(trainRows.count)).rounded(.up)))
            validationRows = Array(trainRows[(trainRows.count - held)...]).sorted()
            trainRows = Array(trainRows[..<(trainRows.count - held)]).sorted()
        }
        let validationSet: (examples: LabeledExamples, rows: [Int])?
        if let validation {
            validationSet = validation.features.rows > 0 ? (validation, Array(0..<validation.features.rows)) : nil
        } else {
            validationSet = validationRows.isEmpty ? nil : (examples, validationRows)
        }

        if config.earlyStopping != nil, validationSet == nil {
            throw NNError.invalidConfiguration("early stopping needs validation data: a validation set or a validation fraction above 0")
        }

        let optimizer = Optimizer<Float>(config: config.optimizer, weightDecay: config.weightDecay, count: architecture.parameterCount)
        let capacity = min(config.batchSize, trainRows.count)
        // With several threads, each worker takes a fixed share of every minibatch through the whole
        // network on sgemm: two synchronisations a step instead of one per gemm call. The process
        // that owns BLAS sets it to one thread for this (`paramrun stage` does); library code never
        // changes a process-wide setting, which would race with anything else using BLAS.
        let threads = max(1, config.threads ?? BLASRuntime.threads)
        let workers = threads > 1 && capacity >= 16 * threads ? threads : 1
        let shares = (0..<workers).map { _ in
            TrainingWorkspace<Float>(architecture: architecture, capacity: (capacity + workers - 1) / workers)
        }
        // Validation runs whole minibatches on BLAS's own threads, so it needs a full-size workspace.
        let workspace = workers == 1 || validationSet == nil
            ? shares[0] : TrainingWorkspace<Float>(architecture: architecture, capacity: capacity)
        let partialLoss = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers)
        defer { partialLoss.deallocate() }
        let parameterCount = architecture.parameterCount
        let fingerprint = Self.fingerprint(architecture: architecture, config: config, examples: examples,
                                           validation: validation, scaler: scaler)

        var state = ProgressState()
        var resumedAfter: Int?
        let checkpointURL = checkpointDirectory.map(Checkpoint.url(in:))
        if let checkpointDirectory, let checkpointURL {
            do {
                try FileManager.default.createDirectory(at: checkpointDirectory, withIntermediateDirectories: true)
            } catch {
                throw NNError.io(path: checkpointDirectory.path, reason: "cannot create checkpoint directory: \(error.localizedDescription)")
            }
            if FileManager.default.fileExists(atPath: checkpointURL.path) {
                let checkpoint = try Checkpoint.read(from: checkpointURL)
                try restore(checkpoint, path: checkpointURL.path, fingerprint: fingerprint, core: core,
                            optimizer: optimizer, generator: &generator, state: &state)
                resumedAfter = checkpoint.epochsCompleted
            }
        }

        let logit = config.loss == .binaryCrossEntropy
        var order = trainRows
        let totalEpochs = config.epochs
        var epoch = state.reports.count
        while !state.finished && epoch < totalEpochs {
            let started = DispatchTime.now().uptimeNanoseconds
            let learningRate = config.schedule.rate(base: config.optimizer.learningRate, epoch: epoch)
            order = trainRows
            generator.shuffle(&order)
            var lossSum = 0.0
            var start = 0
            while start < order.count {
                let n = min(capacity, order.count - start)
                if workers == 1 {
                    Self.gather(examples, rows: order, from: start, count: n, scaler: scaler, into: workspace)
                    core.forward(workspace, rows: n, logitOutput: logit)
                    lossSum += Double(core.backward(workspace, rows: n, loss: config.loss))
                    optimizer.update(parameters: core.parameters.baseAddress!, gradients: workspace.gradients.baseAddress!,
                                     segments: core.segments, learningRate: learningRate)
                } else {
                    let batchStart = start
                    let parts = DisjointParts((shares: shares, loss: partialLoss, core: core, optimizer: optimizer, order: order))
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        let (shares, partialLoss, core, order) = (parts.value.shares, parts.value.loss, parts.value.core, parts.value.order)
                        let share = shares[w]
                        let lower = batchStart + n * w / workers, rows = n * (w + 1) / workers - n * w / workers
                        guard rows > 0 else {
                            share.gradients.update(repeating: 0)
                            partialLoss[w] = 0
                            return
                        }
                        Self.gather(examples, rows: order, from: lower, count: rows, scaler: scaler, into: share)
                        core.forward(share, rows: rows, logitOutput: logit)
                        partialLoss[w] = Double(core.backward(share, rows: rows, loss: config.loss, batchRows: n))
                    }
                    for w in 0..<workers { lossSum += partialLoss[w] }
                    optimizer.beginStep()
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        let (shares, core, optimizer) = (parts.value.shares, parts.value.core, parts.value.optimizer)
                        // Chunks of whole cache lines; each worker sums the shares' gradients over its chunk, in worker order.
                        let chunk = (parameterCount / workers + 15) & ~15
                        let range = min(parameterCount, w * chunk)..<(w == workers - 1 ? parameterCount : min(parameterCount, (w + 1) * chunk))
                        let total = shares[0].gradients.baseAddress!
                        for other in shares.dropFirst() {
                            let g = other.gradients.baseAddress!
                            for i in range { total[i] += g[i] }
                        }
                        optimizer.update(parameters: core.parameters.baseAddress!, gradients: total, segments: core.segments,
                                         learningRate: learningRate, range: range)
                    }
                }
                start += n
            }
            let trainLoss = lossSum / Double(order.count)
            guard trainLoss.isFinite else { throw NNError.diverged(epoch: epoch + 1) }
            var validationLoss: Double?
            var validationAUC: Double?
            if let validationSet {
                (validationLoss, validationAUC) = evaluateLoss(core: core, workspace: workspace, examples: validationSet.examples,
                                              rows: validationSet.rows, scaler: scaler)
            }
            epoch += 1
            let report = EpochReport(epoch: epoch, totalEpochs: totalEpochs, trainLoss: trainLoss, validationLoss: validationLoss,
                                     validationAUC: validationAUC, learningRate: learningRate,
                                     elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            state.reports.append(report)
            if let earlyStopping = config.earlyStopping, let validationLoss {
                state.observe(validationLoss: validationLoss, epoch: epoch, rule: earlyStopping, parameters: core.parameters)
            }
            if epoch == totalEpochs { state.finished = true }
            if let checkpointURL {
                try checkpoint(fingerprint: fingerprint, epoch: epoch, core: core, optimizer: optimizer,
                               generator: generator, state: state).write(to: checkpointURL)
            }
            progress(report)
        }

        var parameters = Array(core.parameters)
        var bestEpoch: Int?
        if config.earlyStopping?.restoreBest == true, !state.bestParameters.isEmpty {
            parameters = state.bestParameters
            bestEpoch = state.bestEpoch
        }
        let network = try Network(architecture: architecture, parameters: parameters, scaler: scaler)
        return TrainingResult(network: network, reports: state.reports, stoppedEarly: state.stoppedEarly,
                              bestEpoch: bestEpoch, resumedAfterEpoch: resumedAfter)
    }

    /// Trains on row-major `features` with one label (and optionally one weight) per row; see
    /// ``train(_:validation:scaler:checkpointDirectory:progress:)``.
    public func train(features: Matrix, labels: [Float], weights: [Float]? = nil, validation: LabeledExamples? = nil,
                      scaler: InputScaler? = nil, checkpointDirectory: URL? = nil,
                      progress: (EpochReport) -> Void = { _ in }) throws -> TrainingResult {
        try train(LabeledExamples(features: features, labels: labels, weights: weights), validation: validation, scaler: scaler,
                  checkpointDirectory: checkpointDirectory, progress: progress)
    }

    /// Copies `count` rows, in `order` from `start`, into the workspace, scaled.
    private static func gather(_ examples: LabeledExamples, rows order: [Int], from start: Int, count n: Int,
                               scaler: InputScaler?, into workspace: TrainingWorkspace<Float>) {
        let columns = examples.features.columns
        let outputs = examples.labels.count / max(examples.features.rows, 1)
        examples.features.values.withUnsafeBufferPointer { features in
            examples.labels.withUnsafeBufferPointer { labels in
                order.withUnsafeBufferPointer { order in
                    for r in 0..<n {
                        let row = order[start + r]
                        let source = features.baseAddress! + row * columns
                        let destination = workspace.input + r * columns
                        if let scaler {
                            scaler.apply(source, to: destination, columns: columns)
                        } else {
                            destination.update(from: source, count: columns)
                        }
                        for j in 0..<outputs { workspace.labels[r * outputs + j] = labels[row * outputs + j] }
                    }
                }
            }
            if let weights = examples.weights {
                for r in 0..<n { workspace.weights[r] = weights[order[start + r]] }
            } else {
                workspace.weights.update(repeating: 1, count: n)
            }
        }
    }

    /// Σ wᵢℓᵢ / n over `rows`, by forward passes only.
    /// The weighted validation loss and, for a single logistic output, the validation AUC (the
    /// number physicists watch; a logit ranks events as its sigmoid does).
    private func evaluateLoss(core: Perceptron<Float>, workspace: TrainingWorkspace<Float>, examples: LabeledExamples,
                              rows: [Int], scaler: InputScaler?) -> (loss: Double, auc: Double?) {
        let logit = config.loss == .binaryCrossEntropy
        let outputs = architecture.outputCount
        let output = workspace.layerOutputs[workspace.layerOutputs.count - 1]
        var sum = 0.0
        var start = 0
        var scores: [Float] = [], labels: [Float] = []
        if outputs == 1 {
            scores.reserveCapacity(rows.count)
            labels.reserveCapacity(rows.count)
        }
        while start < rows.count {
            let n = min(workspace.capacity, rows.count - start)
            Self.gather(examples, rows: rows, from: start, count: n, scaler: scaler, into: workspace)
            core.forward(workspace, rows: n, logitOutput: logit)
            if outputs == 1 {
                for r in 0..<n {
                    scores.append(output[r])
                    labels.append(workspace.labels[r])
                }
            }
            for r in 0..<n {
                var rowLoss: Float = 0
                for j in 0..<outputs {
                    rowLoss += config.loss.value(stored: output[r * outputs + j], label: workspace.labels[r * outputs + j])
                }
                sum += Double(workspace.weights[r] * rowLoss)
            }
            start += n
        }
        let auc = outputs == 1 ? (try? Metrics.auc(scores: scores, labels: labels, standardError: false))?.auc : nil
        return (sum / Double(rows.count), auc)
    }

    /// Early-stopping bookkeeping that a checkpoint carries.
    struct ProgressState {
        var reports: [EpochReport] = []
        var bestValidationLoss: Double?
        var bestEpoch: Int?
        var epochsWithoutImprovement = 0
        var bestParameters: [Float] = []
        var finished = false
        var stoppedEarly = false

        mutating func observe(validationLoss: Double, epoch: Int, rule: EarlyStopping, parameters: UnsafeMutableBufferPointer<Float>) {
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

    private func checkpoint(fingerprint: String, epoch: Int, core: Perceptron<Float>, optimizer: Optimizer<Float>,
                            generator: SeededGenerator, state: ProgressState) -> Checkpoint {
        Checkpoint(fingerprint: fingerprint, epochsCompleted: epoch, finished: state.finished, stoppedEarly: state.stoppedEarly,
                   generatorState: generator.state, optimizerStep: optimizer.step, reports: state.reports,
                   bestValidationLoss: state.bestValidationLoss, bestEpoch: state.bestEpoch,
                   epochsWithoutImprovement: state.epochsWithoutImprovement, parameters: Array(core.parameters),
                   optimizerSlots: config.optimizer.slotsPerParameter == 0 ? [] : Array(optimizer.slots),
                   bestParameters: state.bestParameters)
    }

    private func restore(_ checkpoint: Checkpoint, path: String, fingerprint: String, core: Perceptron<Float>,
                         optimizer: Optimizer<Float>, generator: inout SeededGenerator, state: inout ProgressState) throws {
        guard checkpoint.fingerprint == fingerprint else {
            throw NNError.checkpointMismatch(path: path, reason: "fingerprint \(checkpoint.fingerprint), this training has \(fingerprint)")
        }
        guard checkpoint.parameters.count == core.parameters.count else {
            throw NNError.checkpointMismatch(path: path, reason: "\(checkpoint.parameters.count) parameters, expected \(core.parameters.count)")
        }
        let slots = config.optimizer.slotsPerParameter * core.parameters.count
        guard checkpoint.optimizerSlots.count == slots else {
            throw NNError.checkpointMismatch(path: path, reason: "\(checkpoint.optimizerSlots.count) optimizer values, expected \(slots)")
        }
        guard checkpoint.reports.count == checkpoint.epochsCompleted else {
            throw NNError.corruptFile(path: path, reason: "\(checkpoint.reports.count) epoch reports for \(checkpoint.epochsCompleted) epochs")
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
    static func fingerprint(architecture: Architecture, config: TrainingConfig, examples: LabeledExamples,
                            validation: LabeledExamples?, scaler: InputScaler?) -> String {
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
}
