/// Which networks are judged, at which masses, on which data.
public struct EvaluationSpec: Hashable, Sendable, Codable {
    public enum Output: String, Hashable, Sendable, Codable, CaseIterable {
        case scores, roc, auc, plots, report
    }

    public var data: String
    /// The (model, mass) pairs, with `masses: held-out` already resolved per model.
    public var points: [Point]
    public var outputs: [Output]

    public struct Point: Hashable, Sendable, Codable {
        public var model: String
        public var mass: Double
    }
}
