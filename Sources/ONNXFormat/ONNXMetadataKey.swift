/// The `metadata_props` keys paramrun writes. Values are plain strings; lists and the scaler
/// are JSON so that Python and C++ readers can parse them with a stock JSON library.
public enum ONNXMetadataKey {
    /// paramrun's version, e.g. "1.4.0".
    public static let version = "paramrun.version"
    /// The spec's name.
    public static let spec = "paramrun.spec"
    /// The model's name in the spec.
    public static let model = "paramrun.model"
    /// The model's kind in the spec: "parameterized", "fixed" or "mixture".
    public static let modelType = "paramrun.type"
    /// The content key of the training stage that produced the network.
    public static let stageKey = "paramrun.stage_key"
    /// JSON array of the feature names, in input-column order.
    public static let features = "paramrun.features"
    /// JSON array of the physics parameter names appended after the features (empty for a fixed network).
    public static let parameters = "paramrun.parameters"
    /// JSON array of every input column name: features, then parameters.
    public static let inputOrder = "paramrun.input_order"
    /// JSON array of the θ values the network was trained at, in GeV.
    public static let trainingTheta = "paramrun.training_theta"
    /// JSON [min, max] of the training θ values, in GeV.
    public static let trainingThetaRange = "paramrun.training_theta_range"
    /// JSON object {"kind": "standard"|"minmax"|"none", "offsets": [...], "scales": [...]}: the
    /// scaling already folded into the first Gemm, kept for reference only.
    public static let scaler = "paramrun.scaler"
}
