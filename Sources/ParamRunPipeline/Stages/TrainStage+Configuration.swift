import ParamRunData
import ParamRunNN
import ParamRunSpec
import ParamRunSupport

extension TrainStage {
    /// The fields of a model that decide its trained network, each named here: a field added to
    /// ``ModelSpec`` enters the key only when it is added here too. Names and nesting are those the
    /// key has always had (the model under `model`), so existing keys are unchanged.
    struct Model: Codable, Sendable, NetworkSettings {
        /// Always empty: two specs that train the same network under different names share it.
        /// Kept because the key has always held it.
        var name = ""
        /// Always 0: threads only schedule the training (its shards fix the result). Kept because
        /// the key has always held it.
        var threads = 0
        var kind: ModelSpec.Kind
        var trainData: String
        var trainMasses: [Double]
        var heldOut: [Double]
        var hidden: [Int]
        var activation: Activation
        var initialization: Initialization
        var optimizer: OptimizerConfig
        var weightDecay: Double
        var batchSize: Int
        var epochs: Int
        var schedule: LearningRateSchedule
        var validationFraction: Double
        var earlyStopping: EarlyStopping?
        var balance: Bool
        var trainPoints: [ThetaPoint]
        var heldOutPoints: [ThetaPoint]
        var conditionInputs: [String]
        var backgroundTheta: BackgroundStrategy
        var shards: Int
        var conditioning: ModelSpec.Conditioning?
        var thetaNoise: Double?
        var theta: ModelSpec.ThetaTreatment?

        init(_ m: ModelSpec) {
            kind = m.kind
            trainData = m.trainData
            trainMasses = m.trainMasses
            heldOut = m.heldOut
            hidden = m.hidden
            activation = m.activation
            initialization = m.initialization
            optimizer = m.optimizer
            weightDecay = m.weightDecay
            batchSize = m.batchSize
            epochs = m.epochs
            schedule = m.schedule
            validationFraction = m.validationFraction
            earlyStopping = m.earlyStopping
            balance = m.balance
            trainPoints = m.trainPoints
            heldOutPoints = m.heldOutPoints
            conditionInputs = m.conditionInputs
            backgroundTheta = m.backgroundTheta
            shards = m.shards
            conditioning = m.conditioning
            thetaNoise = m.thetaNoise
            theta = m.theta
        }
    }
}
