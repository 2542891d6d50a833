/// A trained network with what it needs to be applied to raw inputs: its scaler, the names of
/// its inputs and which of them is the physics parameter θ.
public struct Network: Hashable, Sendable {
    /// The layer shapes and conditioning the parameters belong to.
    public var architecture: Architecture
    /// All weights and biases: for each layer, its fanIn × units weights row-major, then its biases.
    public var parameters: [Float]
    /// The scaling applied to raw inputs before the first layer; nil: inputs are used as they are.
    public var scaler: InputScaler?
    /// One name per input column; empty when unknown.
    public var featureNames: [String]
    /// The input column that holds θ, for a parameterized network.
    public var thetaColumn: Int?
    /// Free-form provenance the runner may record (spec hash, dataset, tool version).
    public var metadata: [String: String]

    /// A network from its architecture and parameters.
    ///
    /// - Throws: ``NNError`` when the architecture is invalid or the parameter count, scaler width or θ column do not
    /// fit it.
    public init(
        architecture: Architecture, parameters: [Float], scaler: InputScaler? = nil,
        featureNames: [String] = [], thetaColumn: Int? = nil, metadata: [String: String] = [:]
    ) throws {
        try architecture.validate()
        guard parameters.count == architecture.parameterCount else {
            throw NNError.shapeMismatch(
                what: "network parameters", expected: "\(architecture.parameterCount)", found: "\(parameters.count)")
        }
        if let scaler, scaler.count != architecture.inputCount {
            throw NNError.shapeMismatch(
                what: "input scaler", expected: "\(architecture.inputCount) columns", found: "\(scaler.count)")
        }
        if !featureNames.isEmpty, featureNames.count != architecture.inputCount {
            throw NNError.shapeMismatch(
                what: "feature names", expected: "\(architecture.inputCount)", found: "\(featureNames.count)")
        }
        if let thetaColumn, !(0..<architecture.inputCount).contains(thetaColumn) {
            throw NNError.shapeMismatch(
                what: "θ column", expected: "0..<\(architecture.inputCount)", found: "\(thetaColumn)")
        }
        let conditioned = architecture.conditioning.thetaCount
        if conditioned > 0, let thetaColumn, thetaColumn < architecture.inputCount - conditioned {
            throw NNError.shapeMismatch(
                what: "θ column of an affine-conditioned network", expected: "one of its last \(conditioned)",
                found: "\(thetaColumn)")
        }
        self.architecture = architecture
        self.parameters = parameters
        self.scaler = scaler
        self.featureNames = featureNames
        self.thetaColumn = thetaColumn
        self.metadata = metadata
    }

    /// A predictor that works through at most `batchSize` rows at a time.
    ///
    /// Each batch is cut into `shards` fixed pieces; with `threads` above 1, that many workers
    /// share them, each on sgemm (which the process should run single-threaded); with 1, the
    /// caller's thread runs them with BLAS's thread count. With one shard (the default), the
    /// workers share each batch's rows, with one thread's bits. The outputs never depend on `threads`.
    public func makePredictor(
        batchSize: Int = Predictor.defaultBatchSize, threads: Int = 1, shards: Int = Predictor.defaultShards
    )
        -> Predictor
    {
        Predictor(network: self, batchSize: batchSize, threads: threads, shards: shards)
    }

    /// The network's outputs (probabilities for a logistic output), `outputCount` per row.
    /// Activations for only `batchSize` rows are held at once.
    public func predict(_ features: Matrix, batchSize: Int = Predictor.defaultBatchSize, threads: Int = 1) throws
        -> [Float]
    {
        try makePredictor(batchSize: batchSize, threads: threads).predict(features)
    }
}
