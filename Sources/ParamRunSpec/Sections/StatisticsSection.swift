/// `statistics:` asks for histograms, workspaces and expected and observed limits; read by
/// ``StatisticsReader``. With θ conditions, the nominal histograms are the evaluations at the
/// conditions' nominal values, and `systematics:` turns shifted evaluations into `histosys`.
enum StatisticsSection: SpecSection {
    static let key = "statistics"
    static var reads: [any SpecSection.Type] {
        [ParametersSection.self, DatasetsSection.self, ModelsSection.self, EvaluateSection.self]
    }

    static func read(_ context: SectionContext) -> StatisticsSpec? {
        guard let node = context.node else { return nil }
        guard let evaluation = context[EvaluateSection.self] else { return nil }
        return StatisticsReader(
            reader: context.reader, datasets: context.datasets,
            models: context[ModelsSection.self] ?? [],
            declaredModels: context.declaredNames(ModelsSection.key), evaluation: evaluation,
            conditions: context.parameters.parameters.dropFirst().map(\.name), context: context
        )
        .read(node)
    }
}

extension Spec {
    /// Histograms, workspaces and expected limits; `nil` when the spec has no `statistics:` block.
    public var statistics: StatisticsSpec? { self[StatisticsSection.self] }
}
