/// `export:` names the networks to write as ONNX and other formats; read by ``ExportReader``.
enum ExportSection: SpecSection {
    static let key = "export"
    static var reads: [any SpecSection.Type] {
        [DatasetsSection.self, FeaturesSection.self, ModelsSection.self, EvaluateSection.self]
    }

    static func read(_ context: SectionContext) -> ExportSpec? {
        guard let node = context.node else { return ExportSpec() }
        let reader = ExportReader(
            reader: context.reader, datasets: context.datasets,
            features: context[FeaturesSection.self], resolve: context.resolve)
        return reader.read(
            node, models: context[ModelsSection.self] ?? [],
            evaluated: context[EvaluateSection.self].map { Set($0.points.map(\.model)) },
            declaredModels: context.declaredNames(ModelsSection.key))
    }
}

extension Spec {
    /// The networks to write as ONNX and other formats; empty when the spec has no `export:` section.
    public var export: ExportSpec { self[ExportSection.self] ?? ExportSpec() }
}
