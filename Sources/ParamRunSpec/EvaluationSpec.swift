import ParamRunSupport

/// Which networks are judged, at which masses, on which data.
public struct EvaluationSpec: Hashable, Sendable, Codable {
    /// A result the evaluations write: per-event scores, ROC curves, AUC tables, plots or the HTML report.
    public enum Output: String, Hashable, Sendable, Codable, CaseIterable {
        case scores, roc, auc, plots, report
    }

    /// The (model, mass, data) triples of every evaluate block, with `masses: held-out` and
    /// `masses: trained` already resolved per model.
    public var points: [Point]
    /// The results the `evaluate:` section asks for.
    public var outputs: [Output]

    /// One judgement: a model scored on a dataset's events at one θ.
    public struct Point: Hashable, Sendable, Codable {
        /// The name of the model judged.
        public var model: String
        /// The signal mass (θ's first component), in the base unit, at which it is judged.
        public var mass: Double
        /// The dataset whose events at `mass` judge the model.
        public var data: String
        /// The θ conditions of the point (`jes` → δ); empty when θ is the mass alone.
        public var conditions: [String: Double] = [:]

        package init(model: String, mass: Double, data: String = "test", conditions: [String: Double] = [:]) {
            self.model = model
            self.mass = mass
            self.data = data
            self.conditions = conditions
        }

        /// The point's θ.
        public var theta: ThetaPoint { ThetaPoint(mass: mass, conditions: conditions) }
    }
}
