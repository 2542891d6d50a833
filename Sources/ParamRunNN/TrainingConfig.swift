/// Stop when the validation loss has not improved by more than `minDelta` for `patience` epochs.
public struct EarlyStopping: Codable, Hashable, Sendable {
    /// Epochs without an improvement of more than `minDelta` before training stops.
    public var patience: Int
    /// The smallest drop in validation loss that counts as an improvement.
    public var minDelta: Double
    /// Return the weights of the best epoch rather than the last one.
    public var restoreBest: Bool

    /// Stops after `patience` epochs without improving by more than `minDelta`; by default the best epoch's weights are
    /// kept.
    public init(patience: Int, minDelta: Double = 0, restoreBest: Bool = true) {
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBest = restoreBest
    }
}

/// Everything that decides a training besides the data; the same value and data give the same
/// weights, bit for bit, at any thread count (with sgemm on one thread, as `paramrun stage` runs it).
public struct TrainingConfig: Codable, Hashable, Sendable {
    /// The loss minimised; binary cross-entropy trains a logistic output on the logit.
    public var loss: Loss
    /// How the weights are drawn before the first epoch (from the seed's generator).
    public var initialization: Initialization
    /// The optimizer and its base learning rate.
    public var optimizer: OptimizerConfig
    /// L2 penalty λ/2·‖W‖² on weights (not biases).
    public var weightDecay: Double
    /// How the learning rate changes from epoch to epoch.
    public var schedule: LearningRateSchedule
    /// Examples per minibatch, 1 to 10⁴ (the last batch of an epoch may be smaller).
    public var batchSize: Int
    /// Passes over the training examples; a resumed training runs only those not yet done.
    public var epochs: Int
    /// The share of the examples held out for validation when no validation set is given.
    public var validationFraction: Double
    /// When to stop before `epochs` on a validation loss that no longer improves; nil: never.
    public var earlyStopping: EarlyStopping?
    /// Seeds the weights, the validation split and every epoch's shuffle.
    public var seed: UInt64
    /// Pieces each minibatch is cut into, by a fixed formula (``shardBounds(_:rows:shards:)``), each
    /// with its own gradient, summed in shard order. Part of the result: any number of threads
    /// from 1 to `shards` gives the same bits, so threads can change mid-training. 1 to 64.
    public var shards: Int
    /// Workers that share the shards at the start (each on sgemm, which the process should run
    /// single-threaded); nil: as many as BLAS has threads. Never changes the result, only the speed.
    public var threads: Int?

    /// Shards per minibatch when neither shards nor threads are given: the unsplit minibatch. Measured on the
    /// reference machine (AMD EPYC, 2 cores, OpenBLAS Zen kernels), cutting the paper's minibatch
    /// of 100 into 2 shards cost 15 to 25% of one-thread speed (every shard packs each weight
    /// matrix again); an unsplit minibatch's rows are shared among threads instead, with one
    /// thread's bits (``Trainer/rowSplitThreadLimit(batchSize:)``), so splitting is asked for.
    public static let defaultShards = 1
    /// Shards when only threads are given: as many as the threads, the split a thread count made
    /// before shards existed, so an older spec's `threads: 2` keeps its result.
    public static func shards(forThreads threads: Int?) -> Int {
        max(defaultShards, threads ?? 1)
    }

    /// The fewest rows a shard gets; smaller minibatches are cut into fewer shards.
    public static let minimumShardRows = 16

    /// Defaults follow the paper: N(0, 0.1) weights, SGD with momentum 0.5 and rate 0.1, minibatch 100.
    public init(
        loss: Loss = .binaryCrossEntropy,
        initialization: Initialization = .normal(sigma: 0.1),
        optimizer: OptimizerConfig = .sgd(learningRate: 0.1, momentum: 0.5),
        weightDecay: Double = 0,
        schedule: LearningRateSchedule = .constant,
        batchSize: Int = 100,
        epochs: Int = 10,
        validationFraction: Double = 0,
        earlyStopping: EarlyStopping? = nil,
        seed: UInt64 = 0,
        shards: Int? = nil,
        threads: Int? = nil
    ) {
        self.loss = loss
        self.initialization = initialization
        self.optimizer = optimizer
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.batchSize = batchSize
        self.epochs = epochs
        self.validationFraction = validationFraction
        self.earlyStopping = earlyStopping
        self.seed = seed
        // Without shards, as many as the threads asked for: the split a thread count made before shards existed.
        self.shards = shards ?? Self.shards(forThreads: threads)
        self.threads = threads
    }

    /// The shards a minibatch of up to `capacity` rows is cut into: `shards`, fewer when a shard
    /// would get under ``minimumShardRows`` rows. Follows from the configuration and data size alone.
    public func effectiveShards(capacity: Int) -> Int {
        max(1, min(shards, capacity / Self.minimumShardRows))
    }

    /// Rows `lower..<upper` of a `rows`-row minibatch that shard `shard` of `shards` takes.
    public static func shardBounds(_ shard: Int, rows: Int, shards: Int) -> Range<Int> {
        (rows * shard / shards)..<(rows * (shard + 1) / shards)
    }

    func validate(architecture: Architecture) throws {
        try architecture.validate()
        try optimizer.validate()
        guard (1...10_000).contains(batchSize) else {
            throw NNError.invalidConfiguration("batch size must be 1 to 10000, found \(batchSize)")
        }
        guard epochs >= 1 else { throw NNError.invalidConfiguration("epochs must be at least 1, found \(epochs)") }
        guard (0..<1).contains(validationFraction) else {
            throw NNError.invalidConfiguration("validation fraction must be in [0, 1), found \(validationFraction)")
        }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw NNError.invalidConfiguration("weight decay must be ≥ 0, found \(weightDecay)")
        }
        guard (1...64).contains(shards) else {
            throw NNError.invalidConfiguration("shards must be 1 to 64, found \(shards)")
        }
        if let threads, threads < 1 {
            throw NNError.invalidConfiguration("threads must be at least 1, found \(threads)")
        }
        if let earlyStopping, earlyStopping.patience < 1 {
            throw NNError.invalidConfiguration(
                "early-stopping patience must be at least 1, found \(earlyStopping.patience)")
        }
        if loss == .binaryCrossEntropy, architecture.layers.last?.activation != .sigmoid {
            throw NNError.invalidConfiguration("binary cross-entropy needs a sigmoid output layer")
        }
        if case let .normal(sigma) = initialization, !(sigma > 0) {
            throw NNError.invalidConfiguration("initial σ must be positive, found \(sigma)")
        }
        switch schedule {
        case .constant: break
        case let .exponential(factor):
            guard factor > 0 else {
                throw NNError.invalidConfiguration("decay factor must be positive, found \(factor)")
            }
        case let .step(every, factor):
            guard every >= 1, factor > 0 else {
                throw NNError.invalidConfiguration("step schedule needs every ≥ 1 and factor > 0")
            }
        }
    }
}

/// What one epoch did, passed to the progress callback and kept in the checkpoint.
public struct EpochReport: Codable, Hashable, Sendable {
    /// Counted from 1.
    public var epoch: Int
    /// The epochs the training was configured for.
    public var totalEpochs: Int
    /// Σ wᵢℓᵢ / n over the epoch's minibatches, as the weights moved.
    public var trainLoss: Double
    /// Σ wᵢℓᵢ / n on the validation set after the epoch, when there is one.
    public var validationLoss: Double?
    /// AUC on the validation set after the epoch, for a single logistic output.
    public var validationAUC: Double?
    /// The learning rate the epoch used, after the schedule.
    public var learningRate: Double
    /// Wall-clock seconds the epoch took.
    public var elapsed: Double
}

/// The outcome of ``Trainer/train(_:validation:scaler:checkpointDirectory:progress:)``.
public struct TrainingResult: Sendable {
    /// The trained network, with the scaler it was trained with.
    public var network: Network
    /// Every epoch's report, including those before a resume.
    public var reports: [EpochReport]
    /// Whether early stopping ended the training before its last epoch.
    public var stoppedEarly: Bool
    /// The epoch (from 1) whose weights `network` holds when early stopping restored the best.
    public var bestEpoch: Int?
    /// The epoch the training resumed after, when it continued from a checkpoint.
    public var resumedAfterEpoch: Int?
}
