/// Examples with their labels and optional per-example weights, checked before training.
public struct LabeledExamples: Sendable {
    /// The input rows, one example per row, θ among the columns for a parameterized network.
    public var features: Matrix
    /// `features.rows × outputs` labels (one per row for the usual single logistic output).
    public var labels: [Float]
    /// One weight per row, or nil for all ones. Weights balance signal against background in the loss.
    public var weights: [Float]?

    /// Examples from `features`, their `labels` and optional per-row `weights`; checked when training starts.
    public init(features: Matrix, labels: [Float], weights: [Float]? = nil) {
        self.features = features
        self.labels = labels
        self.weights = weights
    }

    /// Checks shapes and values; rows are numbered from 0 in errors.
    func validate(architecture: Architecture, loss: Loss, scaler: InputScaler?, role: String) throws {
        let rows = features.rows
        guard features.columns == architecture.inputCount else {
            throw NNError.shapeMismatch(
                what: "\(role) features", expected: "\(architecture.inputCount) columns",
                found: "\(features.columns)")
        }
        guard labels.count == rows * architecture.outputCount else {
            throw NNError.shapeMismatch(
                what: "\(role) labels", expected: "\(rows * architecture.outputCount) (one per output per row)",
                found: "\(labels.count)")
        }
        if let weights, weights.count != rows {
            throw NNError.shapeMismatch(
                what: "\(role) weights", expected: "\(rows) (one per row)", found: "\(weights.count)")
        }
        if let scaler, scaler.count != features.columns {
            throw NNError.shapeMismatch(
                what: "input scaler", expected: "\(features.columns) columns", found: "\(scaler.count)")
        }
        try features.values.withUnsafeBufferPointer { v in
            for i in 0..<v.count where !v[i].isFinite {
                throw NNError.nonFiniteFeature(row: i / features.columns, column: i % features.columns, value: v[i])
            }
        }
        let outputs = architecture.outputCount
        for (i, y) in labels.enumerated() {
            guard y.isFinite else { throw NNError.nonFiniteLabel(row: i / outputs, value: y) }
            if loss == .binaryCrossEntropy, y != 0, y != 1 { throw NNError.labelNotBinary(row: i / outputs, value: y) }
        }
        for (i, w) in (weights ?? []).enumerated() where !(w.isFinite && w >= 0) {
            throw NNError.invalidWeight(row: i, value: w)
        }
    }
}
