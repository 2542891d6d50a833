import ParamRunSupport

/// Which networks are judged, at which masses, on which data.
public struct EvaluationSpec: Hashable, Sendable, Codable {
    public enum Output: String, Hashable, Sendable, Codable, CaseIterable {
        case scores, roc, auc, plots, report
    }

    /// The (model, mass, data) triples of every evaluate block, with `masses: held-out` and
    /// `masses: trained` already resolved per model.
    public var points: [Point]
    public var outputs: [Output]

    public struct Point: Hashable, Sendable, Codable {
        public var model: String
        public var mass: Double
        /// The dataset whose events at `mass` judge the model.
        public var data: String
        /// The θ conditions of the point (`jes` → δ); empty when θ is the mass alone.
        public var conditions: [String: Double] = [:]

        public init(model: String, mass: Double, data: String = "test", conditions: [String: Double] = [:]) {
            self.model = model
            self.mass = mass
            self.data = data
            self.conditions = conditions
        }

        /// The point's θ.
        public var theta: ThetaPoint { ThetaPoint(mass: mass, conditions: conditions) }
    }
}
