/// Every stage kind, in pipeline order: a kind's stages may take inputs only from kinds above it.
///
/// Adding a kind is one new type conforming to ``StageDefinition`` and one line here.
package enum StageRegistry {
    package static let definitions: [any StageDefinition.Type] = [
        LoadStage.self,
        ScaleStage.self,
        TrainStage.self,
        EvaluateStage.self,
        SmoothnessStage.self,
        ExportStage.self,
        ObserveStage.self,
        HistogramStage.self,
        LimitsStage.self,
        ReportStage.self
    ]

    package static func definition(named name: String) -> (any StageDefinition.Type)? {
        definitions.first { $0.kind.rawValue == name }
    }

    static func definition(of kind: StageKind) -> (any StageDefinition.Type)? {
        definition(named: kind.rawValue)
    }
}
