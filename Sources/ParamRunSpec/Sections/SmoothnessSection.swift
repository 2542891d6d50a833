/// `smoothness:` names the networks to scan along θ for wiggles; read by ``SmoothnessReader``.
enum SmoothnessSection: SpecSection {
    static let key = "smoothness"
    static var reads: [any SpecSection.Type] { [DatasetsSection.self, ModelsSection.self, EvaluateSection.self] }

    static func read(_ context: SectionContext) -> SmoothnessSpec? {
        guard let node = context.node else { return nil }
        let reader = SmoothnessReader(
            reader: context.reader, datasets: context.datasets,
            declaredDatasets: context.declaredNames(DatasetsSection.key))
        return reader.read(
            node, models: context[ModelsSection.self] ?? [],
            evaluated: context[EvaluateSection.self].map { Set($0.points.map(\.model)) },
            declaredModels: context.declaredNames(ModelsSection.key))
    }
}

extension Spec {
    /// Which networks to scan along θ for wiggles; `nil` when the spec has no `smoothness:` section.
    public var smoothness: SmoothnessSpec? { self[SmoothnessSection.self] }
}
