import Foundation
import ParamRunData
import ParamRunMetrics
import ParamRunNN
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// `evaluate/<model>@<mass>`: scores a dataset's events at one mass with a trained network, as
/// the paper evaluates (signal generated at the mass, background with θ set to it), and writes
/// the scores, the ROC curve and the AUC with its DeLong error.
package enum EvaluateStage: StageDefinition {
    package static let kind = StageKind(declaring: "evaluate")

    package struct Configuration: Codable, Sendable {
        var mass: Double
        var seed: UInt64
        /// The point's θ conditions (`jes`), nil when θ is the mass alone: signal and background
        /// are both taken from events made under them.
        var conditions: [String: Double]?
        /// Whether the model trained at this point, recorded beside the AUC; nil when θ is the mass alone.
        var trainedAtPoint: Bool?
    }

    /// `evaluate/<model>@1000`, or `evaluate/<model>@1000,jes=-0.1` when θ has conditions.
    package static func id(_ point: EvaluationSpec.Point) -> StageID {
        StageID(kind, "\(point.model)@\(point.theta)")
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        var trained: [String: ThetaPointIndex<Bool>] = [:]
        for point in spec.evaluation.points {
            let id = id(point)
            if !point.conditions.isEmpty, trained[point.model] == nil {
                trained[point.model] = ThetaPointIndex(spec.model(named: point.model)?.trainPoints ?? [])
            }
            try plan.add(
                id, inputs: [StageID(TrainStage.kind, point.model), StageID(LoadStage.kind, point.data)],
                configuration: Configuration(
                    mass: point.mass, seed: plan.seed(for: id),
                    conditions: point.conditions.isEmpty ? nil : point.conditions,
                    trainedAtPoint: point.conditions.isEmpty
                        ? nil
                        : trained[point.model]?.contains(point.theta) ?? false))
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        let network = try ModelFile.read(from: try context.inputFolder(0).appendingPathComponent(TrainStage.modelFile))
        let table = try EventTable.readArtifacts(from: try context.inputFolder(1))
        var rows: [Int] = []
        let conditions = c.conditions ?? [:]
        let columns = table.conditionColumns
        if let missing = conditions.keys.sorted().first(where: { columns[$0] == nil }) {
            throw context.failure("the test events carry no θ condition '\(missing)'")
        }
        for i in 0..<table.count where table.labels[i] == 0 || Mass.same(Double(table.theta[i]), c.mass) {
            if conditions.isEmpty || table.matches(row: i, conditions: conditions, columns: columns) { rows.append(i) }
        }
        let events = table.rows(rows).withTheta(Float(c.mass))
        let (scores, labels, selected) = try NetworkInputs.score(network, events)
        let workspace = context.workspace
        try NPYFile.write(scores, shape: [scores.count], to: workspace.appendingPathComponent(EvaluationFiles.scores))
        try NPYFile.write(labels, shape: [labels.count], to: workspace.appendingPathComponent(EvaluationFiles.labels))
        // Weighted events (a source's weight branch) weigh in the ROC and the AUC; the AUC's error
        // is then DeLong's on effective counts (Metrics.auc(scores:labels:weights:)).
        let weights = selected.weights
        if let weights {
            try NPYFile.write(
                weights, shape: [weights.count], to: workspace.appendingPathComponent(EvaluationFiles.weights))
        }
        let auc =
            try weights.map { try Metrics.auc(scores: scores, labels: labels, weights: $0) }
            ?? Metrics.auc(scores: scores, labels: labels)
        let roc = try Metrics.roc(scores: scores, labels: labels, weights: weights)
        try AtomicFile.write(ROCTable.csv(roc), to: workspace.appendingPathComponent(EvaluationFiles.roc))
        let efficiencies = Metrics.standardBackgroundEfficiencies
        let signal = Metrics.signalEfficiencies(at: efficiencies, on: roc)
        let model = String(context.stage.id.name.split(separator: "@").first ?? "")
        let summary = EvaluationSummary(
            model: model, type: network.modelType ?? "", mass: c.mass, auc: auc.auc, aucError: auc.standardError,
            nSignal: auc.nSignal, nBackground: auc.nBackground,
            signalEfficiency: Dictionary(uniqueKeysWithValues: zip(efficiencies.map { "\($0)" }, signal)),
            trainMasses: network.trainMasses, heldOut: network.heldOutMasses,
            conditions: c.conditions, trainedAtPoint: c.trainedAtPoint)
        try JSONCoding.write(summary, to: workspace.appendingPathComponent(EvaluationFiles.auc))
        if selected.featureNames.count == 1 {
            try AtomicFile.write(
                try responseCSV(network, values: selected.features, theta: c.mass),
                to: workspace.appendingPathComponent(EvaluationFiles.response))
        }
        context.message(
            String(
                format: "AUC %.4f ± %.4f (%d signal, %d background)", auc.auc, auc.standardError ?? .nan, auc.nSignal,
                auc.nBackground))
    }

    /// The network's output on 201 points spanning the 0.5–99.5 % range of the feature.
    static func responseCSV(_ network: Network, values: [Float], theta: Double) throws -> String {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return "" }
        let low = Double(sorted[Int(Double(sorted.count - 1) * 0.005)])
        let high = Double(sorted[Int(Double(sorted.count - 1) * 0.995)])
        let xs = (0...200).map { low + (high - low) * Double($0) / 200 }
        let parameterized = network.thetaColumn != nil
        let columns = parameterized ? 2 : 1
        let grid = xs.flatMap { parameterized ? [Float($0), Float(theta)] : [Float($0)] }
        let outputs = try network.predict(try Matrix(rows: xs.count, columns: columns, values: grid))
        return ResponseTable.csv(
            feature: network.featureNames.first ?? "x", theta: theta,
            rows: zip(xs, outputs).map { ResponseTable.Row(x: $0, output: $1) })
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        let parts = stage.id.name.split(separator: "@").map(String.init)
        // A point with conditions, `1000,jes=-0.1`, names its files `1000_jes-0.1`.
        let (model, mass) = (
            parts.first ?? stage.id.name,
            (parts.last ?? "").replacingOccurrences(of: ",", with: "_").replacingOccurrences(of: "=", with: "")
        )
        let outputs = Set(spec.evaluation.outputs)
        var files: [Publication] = []
        // evaluate.outputs says which of these a spec wants beside its report.
        if outputs.contains(.roc) { files.append(Publication(EvaluationFiles.roc, to: "roc/roc_\(model)_\(mass).csv")) }
        if outputs.contains(.scores) {
            files.append(Publication(EvaluationFiles.scores, to: "scores/\(model)_\(mass)_scores.npy"))
            files.append(Publication(EvaluationFiles.labels, to: "scores/\(model)_\(mass)_labels.npy"))
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(EvaluationFiles.weights).path) {
                files.append(Publication(EvaluationFiles.weights, to: "scores/\(model)_\(mass)_weights.npy"))
            }
        }
        if outputs.contains(.auc) { files.append(Publication(EvaluationFiles.auc, to: "auc/\(model)_\(mass).json")) }
        return files
    }
}

extension StageKind {
    /// `evaluate` stages (EvaluateStage).
    public static let evaluate = EvaluateStage.kind
}
