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
    /// The network's shape, fixed for this trainer.
    public let architecture: Architecture
    /// The training settings, checked against the architecture when the trainer is made.
    public let config: TrainingConfig

    /// Checks the configuration against the architecture.
    public init(architecture: Architecture, config: TrainingConfig) throws {
        try config.validate(architecture: architecture)
        // Refused before allocating: a network too large is an error, not an abort in malloc.
        let bytes = architecture.trainingMemory(
            batchSize: config.batchSize, workers: config.shards,
            optimizer: config.optimizer
        ).parameters
        guard bytes <= ByteSize.physicalMemory else {
            throw NNError.invalidConfiguration(
                "a network of \(architecture.parameterCount) parameters needs about \(ByteSize.describe(bytes)) of "
                    + "memory to train; this machine has \(ByteSize.describe(ByteSize.physicalMemory))"
            )
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
    public func train(
        _ examples: LabeledExamples, validation: LabeledExamples? = nil, scaler: InputScaler? = nil,
        checkpointDirectory: URL? = nil, grant: ThreadGrant? = nil,
        progress: (EpochReport) -> Void = { _ in }
    ) throws -> TrainingResult {
        try examples.validate(architecture: architecture, loss: config.loss, scaler: scaler, role: "training")
        try validation?.validate(architecture: architecture, loss: config.loss, scaler: scaler, role: "validation")
        guard examples.features.rows > 0 else {
            throw NNError.shapeMismatch(what: "training examples", expected: "at least 1 row", found: "0")
        }

        let core = Perceptron<Float>(architecture: architecture)
        var generator = SeededGenerator(seed: config.seed)
        config.initialization.initialize(core.parameters, architecture: architecture, generator: &generator)
        let (trainRows, validationSet) = try splitRows(examples, validation: validation, generator: &generator)

        let optimizer = Optimizer<Float>(
            config: config.optimizer, weightDecay: config.weightDecay, count: architecture.parameterCount)
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
            TrainingWorkspace<Float>(
                architecture: architecture, capacity: (capacity + shardCount - 1) / shardCount,
                keepsLayerDeltas: rowSplit)
        }
        let partialLoss = UnsafeMutableBufferPointer<Double>.allocate(capacity: shardCount)
        defer { partialLoss.deallocate() }
        let initialThreads = max(1, config.threads ?? (rowSplit ? 1 : BLASRuntime.threads))
        let threadLimit = rowSplit ? Self.rowSplitThreadLimit(batchSize: capacity) : shardCount
        let plans = rowSplit ? RowSplitPlans(architecture: architecture) : nil
        let run = EpochRun(
            core: core, optimizer: optimizer, shards: shards, partialLoss: partialLoss, plans: plans,
            examples: examples, scaler: scaler, capacity: capacity)
        /// Threads for the next minibatch: the live grant when there is one, never more than the
        /// shards, or for an unsplit minibatch, than its rows can be shared among.
        func workers() -> Int { min(threadLimit, max(1, grant?.threads ?? initialThreads)) }
        let fingerprint = Self.fingerprint(
            architecture: architecture, config: config, examples: examples,
            validation: validation, scaler: scaler)

        var state = ProgressState()
        let checkpointURL = checkpointDirectory.map(Checkpoint.url(in:))
        let resumedAfter = try resume(
            in: checkpointDirectory, fingerprint: fingerprint, core: core,
            optimizer: optimizer, generator: &generator, state: &state)

        let totalEpochs = config.epochs
        var epoch = state.reports.count
        while !state.finished && epoch < totalEpochs {
            let started = DispatchTime.now().uptimeNanoseconds
            let learningRate = config.schedule.rate(base: config.optimizer.learningRate, epoch: epoch)
            var order = trainRows
            generator.shuffle(&order)
            let lossSum = trainEpoch(run, order: order, learningRate: learningRate, workers: workers)
            let trainLoss = lossSum / Double(order.count)
            guard trainLoss.isFinite else { throw NNError.diverged(epoch: epoch + 1) }
            var validationLoss: Double?
            var validationAUC: Double?
            if let validationSet {
                (validationLoss, validationAUC) = evaluateLoss(
                    core: core, shards: shards, batchRows: capacity, workers: workers(),
                    plans: plans, examples: validationSet.examples,
                    rows: validationSet.rows, scaler: scaler)
            }
            epoch += 1
            let report = EpochReport(
                epoch: epoch, totalEpochs: totalEpochs, trainLoss: trainLoss, validationLoss: validationLoss,
                validationAUC: validationAUC, learningRate: learningRate,
                elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            state.reports.append(report)
            if let earlyStopping = config.earlyStopping, let validationLoss {
                state.observe(
                    validationLoss: validationLoss, epoch: epoch, rule: earlyStopping, parameters: core.parameters)
            }
            if epoch == totalEpochs { state.finished = true }
            if let checkpointURL {
                try checkpoint(
                    fingerprint: fingerprint, epoch: epoch, core: core, optimizer: optimizer,
                    generator: generator, state: state
                ).write(to: checkpointURL)
            }
            progress(report)
        }
        return try result(core: core, state: state, scaler: scaler, resumedAfter: resumedAfter)
    }

    /// Which rows train and which validate: with no separate `validation` set, the split draws from
    /// `generator` after the weights, so it too follows from the seed.
    private func splitRows(_ examples: LabeledExamples, validation: LabeledExamples?, generator: inout SeededGenerator)
        throws -> (train: [Int], validation: (examples: LabeledExamples, rows: [Int])?)
    {
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
            throw NNError.invalidConfiguration(
                "early stopping needs validation data: a validation set or a validation fraction above 0")
        }
        return (trainRows, validationSet)
    }

    /// The parts of a training that every minibatch of every epoch uses.
    private struct EpochRun {
        let core: Perceptron<Float>
        let optimizer: Optimizer<Float>
        let shards: [TrainingWorkspace<Float>]
        let partialLoss: UnsafeMutableBufferPointer<Double>
        let plans: RowSplitPlans?
        let examples: LabeledExamples
        let scaler: InputScaler?
        let capacity: Int
    }

    /// One epoch's minibatches over `order`, updating the weights after each; returns the epoch's Σ wᵢℓᵢ,
    /// summed minibatch by minibatch (and shard by shard) in order.
    private func trainEpoch(_ run: EpochRun, order: [Int], learningRate: Double, workers: () -> Int) -> Double {
        let (core, optimizer, shards) = (run.core, run.optimizer, run.shards)
        let (examples, scaler) = (run.examples, run.scaler)
        let logit = config.loss == .binaryCrossEntropy
        var lossSum = 0.0
        var start = 0
        while start < order.count {
            let n = min(run.capacity, order.count - start)
            let threads = workers()
            if let plans = run.plans, threads > 1 {
                lossSum += rowSplitStep(
                    core: core, optimizer: optimizer, workspace: shards[0], plan: plans.step(rows: n, threads: threads),
                    examples: examples, order: order, start: start, scaler: scaler, learningRate: learningRate)
            } else if shards.count == 1 {
                let workspace = shards[0]
                Self.gather(examples, rows: order, from: start, count: n, scaler: scaler, into: workspace)
                core.forward(workspace, rows: n, logitOutput: logit)
                lossSum += Double(core.backward(workspace, rows: n, loss: config.loss))
                optimizer.update(
                    parameters: core.parameters.baseAddress!, gradients: workspace.gradients.baseAddress!,
                    segments: core.segments, learningRate: learningRate)
            } else {
                shardedStep(
                    run, order: order, start: start, rows: n, threads: threads, learningRate: learningRate,
                    lossSum: &lossSum)
            }
            start += n
        }
        return lossSum
    }

    /// One minibatch of `n` rows cut into the configuration's shards, each forward and back on its
    /// own workspace, then the gradients summed in shard order and applied; each shard's loss is
    /// added to `lossSum` in shard order.
    private func shardedStep(
        _ run: EpochRun, order: [Int], start: Int, rows n: Int, threads: Int, learningRate: Double,
        lossSum: inout Double
    ) {
        let (examples, scaler, shardCount, optimizer) = (run.examples, run.scaler, run.shards.count, run.optimizer)
        let logit = config.loss == .binaryCrossEntropy
        let parameterCount = architecture.parameterCount
        let batchStart = start
        let parts = DisjointParts(
            (
                shards: run.shards, loss: run.partialLoss, core: run.core, optimizer: run.optimizer,
                order: order
            ))
        Self.perform(workers: threads, shards: shardCount) { s in
            let (shards, partialLoss, core, order) = (
                parts.value.shards, parts.value.loss, parts.value.core, parts.value.order
            )
            let shard = shards[s], bounds = TrainingConfig.shardBounds(s, rows: n, shards: shardCount)
            guard !bounds.isEmpty else {
                shard.gradients.update(repeating: 0)
                partialLoss[s] = 0
                return
            }
            Self.gather(
                examples, rows: order, from: batchStart + bounds.lowerBound, count: bounds.count, scaler: scaler,
                into: shard)
            core.forward(shard, rows: bounds.count, logitOutput: logit)
            partialLoss[s] = Double(core.backward(shard, rows: bounds.count, loss: config.loss, batchRows: n))
        }
        for s in 0..<shardCount { lossSum += run.partialLoss[s] }
        optimizer.beginStep()
        // Chunks of whole cache lines, one per thread; each sums the shards' gradients in
        // shard order and updates those parameters, a cache-sized block at a time so the
        // sum is still in cache when the update reads it. Every parameter's arithmetic
        // is its own, so neither the chunks nor the blocks change a bit.
        let chunks = threads
        Self.perform(workers: chunks, shards: chunks) { w in
            let (shards, core, optimizer) = (parts.value.shards, parts.value.core, parts.value.optimizer)
            let chunk = (parameterCount / chunks + 15) & ~15
            let range =
                min(
                    parameterCount, w * chunk)..<(w == chunks - 1
                ? parameterCount : min(parameterCount, (w + 1) * chunk))
            let total = shards[0].gradients.baseAddress!
            var lower = range.lowerBound
            while lower < range.upperBound {
                let block = lower..<min(range.upperBound, lower + Self.reductionBlock)
                for other in shards.dropFirst() {
                    let g = other.gradients.baseAddress!
                    for i in block { total[i] += g[i] }
                }
                optimizer.update(
                    parameters: core.parameters.baseAddress!, gradients: total, segments: core.segments,
                    learningRate: learningRate, range: block)
                lower = block.upperBound
            }
        }
    }

    /// The trained network: the last epoch's weights, or the best epoch's where early stopping restores them.
    private func result(
        core: Perceptron<Float>, state: ProgressState, scaler: InputScaler?,
        resumedAfter: Int?
    ) throws -> TrainingResult {
        var parameters = Array(core.parameters)
        var bestEpoch: Int?
        if config.earlyStopping?.restoreBest == true, !state.bestParameters.isEmpty {
            parameters = state.bestParameters
            bestEpoch = state.bestEpoch
        }
        let network = try Network(architecture: architecture, parameters: parameters, scaler: scaler)
        return TrainingResult(
            network: network, reports: state.reports, stoppedEarly: state.stoppedEarly,
            bestEpoch: bestEpoch, resumedAfterEpoch: resumedAfter)
    }

    /// Trains on row-major `features` with one label (and optionally one weight) per row; see
    /// ``train(_:validation:scaler:checkpointDirectory:progress:)``.
    public func train(
        features: Matrix, labels: [Float], weights: [Float]? = nil, validation: LabeledExamples? = nil,
        scaler: InputScaler? = nil, checkpointDirectory: URL? = nil,
        progress: (EpochReport) -> Void = { _ in }
    ) throws -> TrainingResult {
        try train(
            LabeledExamples(features: features, labels: labels, weights: weights), validation: validation,
            scaler: scaler,
            checkpointDirectory: checkpointDirectory, progress: progress)
    }

    /// Copies `count` rows, in `order` from `start`, into the workspace, scaled.
    /// With `offset`, they go to the workspace's rows from `offset` on.
    static func gather(
        _ examples: LabeledExamples, rows order: [Int], from start: Int, count n: Int,
        scaler: InputScaler?, into workspace: TrainingWorkspace<Float>, at offset: Int = 0
    ) {
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
                        for j in 0..<outputs {
                            workspace.labels[(offset + r) * outputs + j] = labels[row * outputs + j]
                        }
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
}
