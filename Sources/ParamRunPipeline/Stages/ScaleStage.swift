import Foundation
import ParamRunData
import ParamRunSpec
import ParamRunSupport

/// `scale/<model>`: a model's training events (its masses only) and the scaler fitted on them.
package enum ScaleStage: StageDefinition {
    package static let kind = StageKind(declaring: "scale")

    package struct Configuration: Codable, Sendable {
        var scale: Scaler.Kind
        var features: FeatureSelection
        var kind: ModelSpec.Kind
        /// The points it trains at: its masses when θ is the mass alone.
        var trainPoints: [ThetaPoint]
        /// Gives background a mass θ (and redraws the θ of background at a held-out mass).
        var seed: UInt64
        /// The θ conditions the network takes as inputs, each kept as a column after the features.
        var conditionInputs: [String]
        var backgroundTheta: BackgroundStrategy
        /// Scalings of θ components that differ from `scale`, by component name (`mass` for θ itself).
        var parameterScales: [String: Scaler.Kind]
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        for model in spec.evaluatedModels {
            let id = StageID(kind, model.name)
            var scales: [String: Scaler.Kind] = [:]
            for parameter in spec.parameters {
                if let s = parameter.scale, s != spec.scale { scales[parameter.name] = s }
            }
            try plan.add(
                id, inputs: [StageID(LoadStage.kind, model.trainData)],
                configuration: Configuration(
                    scale: spec.scale, features: spec.features, kind: model.kind, trainPoints: model.trainPoints,
                    seed: plan.seed(for: id),
                    conditionInputs: model.kind == .parameterized ? model.conditionInputs : [],
                    backgroundTheta: model.backgroundTheta, parameterScales: scales))
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        let table = try EventTable.readArtifacts(from: try context.inputFolder(0))
        let selection: TrainingSelection
        do {
            selection = try c.backgroundTheta.select(table, points: c.trainPoints, seed: c.seed)
        } catch let error as DataError {
            throw context.failure(error.description)
        }
        // The measured features the spec selects, then the conditions this network takes.
        let measured = try c.features.indices(in: table.measuredFeatureNames).map { table.measuredFeatureNames[$0] }
        var training = try selection.apply(to: table).selecting(.names(measured + c.conditionInputs))
        training.parameterNames = c.conditionInputs
        let scaler = Scaler.fit(
            training, kind: c.scale, columnKinds: c.parameterScales,
            thetaKind: c.parameterScales[ParameterSpec.mass])
        try training.writeArtifacts(to: context.workspace)
        try scaler.save(to: context.workspace.appendingPathComponent("scaler.json"))
    }
}

extension StageKind {
    /// `scale` stages (ScaleStage).
    public static let scale = ScaleStage.kind
}
