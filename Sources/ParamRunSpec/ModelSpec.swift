import ParamRunData
import ParamRunNN
import ParamRunSupport

/// One network to train, after sweep expansion.
///
/// The network's own settings use the training engine's types (``Activation``,
/// ``OptimizerConfig``, ``LearningRateSchedule``, …), so a spec maps onto a ``TrainingConfig``
/// without a second vocabulary.
public struct ModelSpec: Hashable, Sendable, Codable {
    /// How θ enters: as an input (parameterized), not at all and one mass (fixed), or not at all
    /// and every training mass pooled (an unlabeled mixture).
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case parameterized, fixed, mixture
    }

    /// How θ enters a parameterized network (`conditioning:`): as an input column only, or also
    /// scaling and shifting every hidden layer's output (``ParamRunNN/Conditioning/affine(thetaCount:)``).
    public enum Conditioning: String, Hashable, Sendable, Codable, CaseIterable {
        case concat, affine
    }

    /// What the training does to θ (`theta:`): use it as given, or shuffle it across the training
    /// events so that it carries no information: the negative control of a smoothness check.
    public enum ThetaTreatment: String, Hashable, Sendable, Codable, CaseIterable {
        case given, shuffled
    }

    /// The model's name, unique in the spec; a sweep's models carry the value they took.
    public var name: String
    /// The sweep this model came from, so `evaluate.models` can name the whole family.
    public var sweep: String?
    /// How θ enters the network.
    public var kind: Kind
    /// The dataset it trains on.
    public var trainData: String
    /// The signal masses it trains on (the distinct masses of ``trainPoints``).
    public var trainMasses: [Double]
    /// The signal masses it must never see, kept out of its training data (`held_out:`).
    public var heldOut: [Double]
    /// The width of each hidden layer, input side first.
    public var hidden: [Int]
    /// The hidden layers' activation.
    public var activation: Activation
    /// How the weights start (``TrainingConfig/initialization``).
    public var initialization: Initialization
    /// The optimizer and its learning rate.
    public var optimizer: OptimizerConfig
    /// The L2 penalty on the weights (``TrainingConfig/weightDecay``).
    public var weightDecay: Double
    /// Training events per minibatch.
    public var batchSize: Int
    /// The most passes over the training data.
    public var epochs: Int
    /// How the learning rate changes from epoch to epoch.
    public var schedule: LearningRateSchedule
    /// The fraction of the training events set aside to judge each epoch.
    public var validationFraction: Double
    /// When to stop before ``epochs``; nil trains every epoch.
    public var earlyStopping: EarlyStopping?
    /// Weight signal and background so each class carries half the loss.
    public var balance: Bool
    /// Threads the training asks for at its start: a scheduling request, not part of the result
    /// (the train stage leaves it out of its key); the runner may grant more, up to ``threadLimit``.
    public var threads: Int
    /// The θ points it trains on and those it must never see: its training masses and held-out
    /// masses as points when θ is the mass alone.
    public var trainPoints: [ThetaPoint] = []
    /// The θ points it must never see: its held-out masses as points when θ is the mass alone.
    public var heldOutPoints: [ThetaPoint] = []
    /// The θ conditions (`jes`) a parameterized network takes as inputs beside the mass; empty
    /// for a network that knows the mass alone.
    public var conditionInputs: [String] = []
    /// How its training background gets a mass θ.
    public var backgroundTheta: BackgroundStrategy = .sample
    /// Pieces each minibatch is cut into (``TrainingConfig/shards``): part of the result and the key.
    /// Without a `shards:` key, the network's `threads` (at least ``TrainingConfig/defaultShards``).
    public var shards: Int = TrainingConfig.defaultShards
    /// `affine`, or nil for `concat`: nil keeps the cache keys of specs written before the key existed.
    public var conditioning: Conditioning?

    /// The most threads its training can use: its shards; with one shard, as many as a minibatch's
    /// rows can be shared among (``Trainer/rowSplitThreadLimit(batchSize:)``), but one for an
    /// affine network, whose θ maps are not shared out.
    public var threadLimit: Int {
        if shards > 1 { return shards }
        if kind == .parameterized, conditioning == .affine { return 1 }
        return Trainer.rowSplitThreadLimit(batchSize: batchSize)
    }
    /// σ, in θ's units, of Gaussian noise added once to each training signal event's θ (drawn
    /// from the stage's seed); nil for none.
    public var thetaNoise: Double?
    /// `shuffled`, or nil for θ as given.
    public var theta: ThetaTreatment?
}
