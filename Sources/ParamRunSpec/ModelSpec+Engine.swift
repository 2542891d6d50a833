import ParamRunNN

/// The settings that decide a network's shape and its training: what ``ModelSpec`` holds and
/// what the train stage's configuration names. The mapping onto the engine's ``Architecture``
/// and ``TrainingConfig`` is written once, here, for every holder of these settings.
package protocol NetworkSettings {
    var hidden: [Int] { get }
    var activation: Activation { get }
    /// `affine`, or nil for `concat`.
    var conditioning: ModelSpec.Conditioning? { get }
    var initialization: Initialization { get }
    var optimizer: OptimizerConfig { get }
    var weightDecay: Double { get }
    var schedule: LearningRateSchedule { get }
    var batchSize: Int { get }
    var epochs: Int { get }
    var validationFraction: Double { get }
    var earlyStopping: EarlyStopping? { get }
    var shards: Int { get }
}

extension NetworkSettings {
    /// How θ enters the network's hidden layers: affine maps of the one θ column, or as an input
    /// only (the loader sets `affine` on parameterized networks alone).
    package var engineConditioning: ParamRunNN.Conditioning {
        ModelSpec.engineConditioning(conditioning)
    }

    /// The network trained on `inputCount` columns (θ among them for a parameterized network).
    package func architecture(inputCount: Int) -> Architecture {
        Architecture(inputCount: inputCount, hidden: hidden, activation: activation, conditioning: engineConditioning)
    }

    /// The training: the spec's settings, the stage's seed and the threads it starts on (which
    /// never change the result).
    package func trainingConfig(seed: UInt64, threads: Int?) -> TrainingConfig {
        TrainingConfig(
            initialization: initialization, optimizer: optimizer, weightDecay: weightDecay,
            schedule: schedule, batchSize: batchSize, epochs: epochs,
            validationFraction: validationFraction, earlyStopping: earlyStopping, seed: seed,
            shards: shards, threads: threads)
    }
}

extension ModelSpec: NetworkSettings {
    /// The engine's conditioning for a spec's `conditioning:` (nil: `concat`); θ is one column.
    package static func engineConditioning(_ conditioning: Conditioning?) -> ParamRunNN.Conditioning {
        conditioning == .affine ? .affine(thetaCount: 1) : .concat
    }
}
