/// `statistics:` asks for histograms, workspaces and expected limits; read by ``StatisticsReader``.
enum StatisticsSection: SpecSection {
    static let key = "statistics"
    static var reads: [any SpecSection.Type] {
        [ParametersSection.self, DatasetsSection.self, ModelsSection.self, EvaluateSection.self]
    }

    static func read(_ context: SectionContext) -> StatisticsSpec? {
        guard let node = context.node else { return nil }
        if context.hasConditions {
            let conditions = context.parameters.parameters.dropFirst().map(\.name).joined(separator: ", ")
            context.reader.error(
                node,
                "statistics works over masses alone; a spec whose θ has conditions "
                    + "(\(conditions)) cannot use it yet")
        }
        guard let evaluation = context[EvaluateSection.self] else { return nil }
        return StatisticsReader(
            reader: context.reader, datasets: context.datasets,
            models: context[ModelsSection.self] ?? [],
            declaredModels: context.declaredNames(ModelsSection.key), evaluation: evaluation
        )
        .read(node)
    }
}

extension Spec {
    /// Histograms, workspaces and expected limits; `nil` when the spec has no `statistics:` block.
    public var statistics: StatisticsSpec? { self[StatisticsSection.self] }
}
