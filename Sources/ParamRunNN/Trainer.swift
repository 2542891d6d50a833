import Foundation
import ParamRunMetrics
import ParamRunSupport

/// Trains a ``Network`` by minibatch gradient descent on OpenBLAS sgemm.
///
/// The same architecture, configuration and data give the same weights, bit for bit, at any
/// thread count (sgemm on one thread, as `paramrun stage` sets it): the configuration's shards
/// fix how each minibatch is cut and summed, and threads only share out the shards; with one
/// shard, threads share the minibatch's rows only where sgemm keeps one thread's bits
/// (`Trainer+RowSplit.swift`). With a checkpoint directory, a killed training that is started again continues
/// from the last finished epoch and ends with the weights an uninterrupted one would have.
public struct Trainer: Sendable {
    public let architecture: Architecture
    public let config: TrainingConfig

    /// Checks the configuration against the architecture.
    public init(architecture: Architecture, config: TrainingConfig) throws {
        try config.validate(architecture: architecture)
        // Refused before allocating: a network too large is an error, not an abort in malloc.
        let bytes = architecture.trainingMemory(batchSize: config.batchSize, workers: config.shards,
                                                optimizer: config.optimizer).parameters
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
    ///   - grant: the threads to use, read before every minibatch, so a scheduler can hand a
    ///     running training more cores (or take them back); nil: `config.threads`. At most the shards run at once.
    ///   - progress: called after every epoch, once its checkpoint is written.
    public func train(_ examples: LabeledExamples, validation: LabeledExamples? = nil, scaler: InputScaler? = nil,
                      checkpointDirectory: URL? = nil, grant: ThreadGrant? = nil,
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
        // Each minibatch is cut into a fixed number of shards, each run through the whole network
        // on sgemm into its own gradient; the gradients are summed in shard order. The threads
        // only decide who runs which shard, so any count gives the same bits and may change
        // between minibatches. The process that owns BLAS sets it to one thread for this
        // (`paramrun stage` does); library code never changes a process-wide setting.
        let shardCount = config.effectiveShards(capacity: capacity)
        // An unsplit minibatch may still be shared among threads, by rows, with the unsplit bits
        // (ExactRowSplit); the affine pass's θ maps are not cut that way yet.
        let rowSplit = shardCount == 1 && architecture.conditioning.thetaCount == 0
        let shards = (0..<shardCount).map { _ in
            TrainingWorkspace<Float>(architecture: architecture, capacity: (capacity + shardCount - 1) / shardCount,
                                     keepsLayerDeltas: rowSplit)
        }
        let partialLoss = UnsafeMutableBufferPointer<Double>.allocate(capacity: shardCount)
        defer { partialLoss.deallocate() }
        let initialThreads = max(1, config.threads ?? (rowSplit ? 1 : BLASRuntime.threads))
        let threadLimit = rowSplit ? Self.rowSplitThreadLimit(batchSize: capacity) : shardCount
        let plans = rowSplit ? RowSplitPlans(architecture: architecture) : nil
        /// Threads for the next minibatch: the live grant when there is one, never more than the
        /// shards, or for an unsplit minibatch, than its rows can be shared among.
        func workers() -> Int { min(threadLimit, max(1, grant?.threads ?? initialThreads)) }
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
                let threads = workers()
                if let plans, threads > 1 {
                    lossSum += rowSplitStep(core: core, optimizer: optimizer, workspace: shards[0], plan: plans.step(rows: n, threads: threads),
                                            examples: examples, order: order, start: start, scaler: scaler, learningRate: learningRate)
                } else if shardCount == 1 {
                    let workspace = shards[0]
                    Self.gather(examples, rows: order, from: start, count: n, scaler: scaler, into: workspace)
                    core.forward(workspace, rows: n, logitOutput: logit)
                    lossSum += Double(core.backward(workspace, rows: n, loss: config.loss))
                    optimizer.update(parameters: core.parameters.baseAddress!, gradients: workspace.gradients.baseAddress!,
                                     segments: core.segments, learningRate: learningRate)
                } else {
                    let batchStart = start
                    let parts = DisjointParts((shards: shards, loss: partialLoss, core: core, optimizer: optimizer, order: order))
                    Self.perform(workers: threads, shards: shardCount) { s in
                        let (shards, partialLoss, core, order) = (parts.value.shards, parts.value.loss, parts.value.core, parts.value.order)
                        let shard = shards[s], bounds = TrainingConfig.shardBounds(s, rows: n, shards: shardCount)
                        guard !bounds.isEmpty else {
                            shard.gradients.update(repeating: 0)
                            partialLoss[s] = 0
                            return
                        }
                        Self.gather(examples, rows: order, from: batchStart + bounds.lowerBound, count: bounds.count, scaler: scaler, into: shard)
                        core.forward(shard, rows: bounds.count, logitOutput: logit)
                        partialLoss[s] = Double(core.backward(shard, rows: bounds.count, loss: config.loss, batchRows: n))
                    }
                    for s in 0..<shardCount { lossSum += partialLoss[s] }
                    optimizer.beginStep()
                    // Chunks of whole cache lines, one per thread; each sums the shards' gradients in
                    // shard order and updates those parameters, a cache-sized block at a time so the
                    // sum is still in cache when the update reads it. Every parameter's arithmetic
                    // is its own, so neither the chunks nor the blocks change a bit.
                    let chunks = threads
                    Self.perform(workers: chunks, shards: chunks) { w in
                        let (shards, core, optimizer) = (parts.value.shards, parts.value.core, parts.value.optimizer)
                        let chunk = (parameterCount / chunks + 15) & ~15
                        let range = min(parameterCount, w * chunk)..<(w == chunks - 1 ? parameterCount : min(parameterCount, (w + 1) * chunk))
                        let total = shards[0].gradients.baseAddress!
                        var lower = range.lowerBound
                        while lower < range.upperBound {
                            let block = lower..<min(range.upperBound, lower + Self.reductionBlock)
                            for other in shards.dropFirst() {
                                let g = other.gradients.baseAddress!
                                for i in block { total[i] += g[i] }
                            }
                            optimizer.update(parameters: core.parameters.baseAddress!, gradients: total, segments: core.segments,
                                             learningRate: learningRate, range: block)
                            lower = block.upperBound
                        }
                    }
                }
                start += n
            }
            let trainLoss = lossSum / Double(order.count)
            guard trainLoss.isFinite else { throw NNError.diverged(epoch: epoch + 1) }
            var validationLoss: Double?
            var validationAUC: Double?
            if let validationSet {
                (validationLoss, validationAUC) = evaluateLoss(core: core, shards: shards, batchRows: capacity, workers: workers(),
                                                               plans: plans, examples: validationSet.examples,
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
    /// With `offset`, they go to the workspace's rows from `offset` on.
    static func gather(_ examples: LabeledExamples, rows order: [Int], from start: Int, count n: Int,
                       scaler: InputScaler?, into workspace: TrainingWorkspace<Float>, at offset: Int = 0) {
        let columns = examples.features.columns
        let outputs = examples.labels.count / max(examples.features.rows, 1)
        examples.features.values.withUnsafeBufferPointer { features in
            examples.labels.withUnsafeBufferPointer { labels in
                order.withUnsafeBufferPointer { order in
                    for r in 0..<n {
                        let row = order[start + r]
                        let source = features.baseAddress! + row * columns
                        let destination = workspace.input + (offset + r) * columns
                        if let scaler {
                            scaler.apply(source, to: destination, columns: columns)
                        } else {
                            destination.update(from: source, count: columns)
                        }
                        for j in 0..<outputs { workspace.labels[(offset + r) * outputs + j] = labels[row * outputs + j] }
                    }
                }
            }
            if let weights = examples.weights {
                for r in 0..<n { workspace.weights[offset + r] = weights[order[start + r]] }
            } else {
                (workspace.weights + offset).update(repeating: 1, count: n)
            }
        }
    }

    /// Parameters summed and updated together: 64 KiB of each buffer, well inside a core's L2.
    private static let reductionBlock = 16_384

    /// Runs `body(0..<shards)`, each index once: inline with one worker, else on `workers`
    /// Dispatch threads, worker w taking indices w, w + workers, …; what each index computes never
    /// depends on who runs it.
    static func perform(workers: Int, shards: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 {
            for s in 0..<shards { body(s) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: min(workers, shards)) { w in
            for s in stride(from: w, to: shards, by: min(workers, shards)) { body(s) }
        }
    }

    /// Σ wᵢℓᵢ / n over `rows`, by forward passes only, in blocks of `batchRows` cut into the same
    /// shards as training, so every thread count gives the same bits.
    /// The weighted validation loss and, for a single logistic output, the validation AUC (the
    /// number physicists watch; a logit ranks events as its sigmoid does).
    /// With `plans` (one shard), several workers share each block's forward pass by rows, with one worker's bits.
    private func evaluateLoss(core: Perceptron<Float>, shards: [TrainingWorkspace<Float>], batchRows: Int, workers: Int,
                              plans: RowSplitPlans?, examples: LabeledExamples, rows: [Int], scaler: InputScaler?) -> (loss: Double, auc: Double?) {
        let logit = config.loss == .binaryCrossEntropy
        let outputs = architecture.outputCount
        let shardCount = shards.count
        var scores = [Float](repeating: 0, count: outputs == 1 ? rows.count : 0)
        var labels = scores
        let partialLoss = UnsafeMutableBufferPointer<Double>.allocate(capacity: shardCount)
        defer { partialLoss.deallocate() }
        var sum = 0.0
        var start = 0
        scores.withUnsafeMutableBufferPointer { scores in
            labels.withUnsafeMutableBufferPointer { labels in
                while start < rows.count {
                    let n = min(batchRows, rows.count - start)
                    let blockStart = start
                    let parts = DisjointParts((shards: shards, loss: partialLoss, core: core, scores: scores, labels: labels))
                    // With the rows shared, every worker runs its piece forward first; the loss is then summed in row order on one.
                    let pieces = workers > 1 ? plans?.forwardCuts(rows: n, threads: workers) ?? [0, n] : [0, n]
                    if pieces.count > 2 {
                        Self.perform(workers: workers, shards: pieces.count - 1) { piece in
                            let (shard, core) = (parts.value.shards[0], parts.value.core)
                            let piece = pieces[piece]..<pieces[piece + 1]
                            Self.gather(examples, rows: rows, from: blockStart + piece.lowerBound, count: piece.count, scaler: scaler,
                                        into: shard, at: piece.lowerBound)
                            core.forward(shard, rows: piece, logitOutput: logit)
                        }
                    }
                    Self.perform(workers: pieces.count > 2 ? 1 : workers, shards: shardCount) { s in
                        let (shards, partialLoss, core) = (parts.value.shards, parts.value.loss, parts.value.core)
                        let (scores, labels) = (parts.value.scores, parts.value.labels)
                        let shard = shards[s], bounds = TrainingConfig.shardBounds(s, rows: n, shards: shardCount)
                        partialLoss[s] = 0
                        guard !bounds.isEmpty else { return }
                        if pieces.count <= 2 {
                            Self.gather(examples, rows: rows, from: blockStart + bounds.lowerBound, count: bounds.count, scaler: scaler, into: shard)
                            core.forward(shard, rows: bounds.count, logitOutput: logit)
                        }
                        let output = shard.layerOutputs[shard.layerOutputs.count - 1]
                        var shardSum = 0.0
                        for r in 0..<bounds.count {
                            var rowLoss: Float = 0
                            for j in 0..<outputs {
                                rowLoss += config.loss.value(stored: output[r * outputs + j], label: shard.labels[r * outputs + j])
                            }
                            shardSum += Double(shard.weights[r] * rowLoss)
                            if outputs == 1 {
                                scores[blockStart + bounds.lowerBound + r] = output[r]
                                labels[blockStart + bounds.lowerBound + r] = shard.labels[r]
                            }
                        }
                        partialLoss[s] = shardSum
                    }
                    for s in 0..<shardCount { sum += partialLoss[s] }
                    start += n
                }
            }
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
