import Foundation
import ParamRunData
import ParamRunSpec
import ParamRunSupport

/// `scale/<model>`: a model's training events (its masses only) and the scaler fitted on them.
public enum ScaleStage: StageDefinition {
    public static let kind = StageKind(declaring: "scale")

    public struct Configuration: Codable, Sendable {
        var scale: ScaleKind
        var features: FeatureSelection
        var kind: ModelSpec.Kind
        var trainMasses: [Double]
        /// Redraws the θ of background events that sit at a mass the model holds out.
        var seed: UInt64
    }

    public static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        for model in spec.evaluatedModels {
            let id = StageID(kind, model.name)
            try plan.add(id, inputs: [StageID(LoadStage.kind, model.trainData)], configuration: Configuration(
                scale: spec.scale, features: spec.features, kind: model.kind, trainMasses: model.trainMasses,
                seed: plan.seed(for: id)))
        }
    }

    public static func run(_ c: Configuration, in context: StageContext) throws {
        let table = try EventTable.readArtifacts(from: try context.inputFolder(0))
        var rows: [Int] = []
        for i in 0..<table.count where table.labels[i] == 0 || c.trainMasses.contains(where: { Mass.same(Double(table.theta[i]), $0) }) {
            rows.append(i)
        }
        var training = try table.rows(rows).selecting(c.features)
        // Background θ was drawn from all the dataset's masses; a network that holds a mass out
        // must not see background at that mass either, or θ alone would flag it as background.
        var generator = SeededGenerator(seed: c.seed)
        for i in 0..<training.count where training.labels[i] == 0 {
            if !c.trainMasses.contains(where: { Mass.same(Double(training.theta[i]), $0) }) {
                training.theta[i] = Float(c.trainMasses[generator.nextIndex(below: c.trainMasses.count)])
            }
        }
        guard training.labels.contains(1) else {
            throw context.failure("no signal events at the training masses \(c.trainMasses.map(formatNumber).joined(separator: ", "))")
        }
        let kind: Scaler.Kind = c.scale == .standard ? .standard : c.scale == .minmax ? .minMax : .identity
        let scaler = Scaler.fit(training, kind: kind)
        try training.writeArtifacts(to: context.workspace)
        try scaler.save(to: context.workspace.appendingPathComponent("scaler.json"))
    }
}

extension StageKind {
    /// `scale` stages (ScaleStage).
    public static let scale = ScaleStage.kind
}
