/// `scale:` says how inputs are scaled: `standard` (the default), `minmax` or `none`.
enum ScaleSection: SpecSection {
    static let key = "scale"

    static func read(_ context: SectionContext) -> ScaleKind? {
        context.node.map { context.reader.choice($0, "scale", as: ScaleKind.self) } ?? .standard
    }
}

extension Spec {
    /// How inputs are scaled; fitted on each network's own training data only.
    public var scale: ScaleKind { self[ScaleSection.self] ?? .standard }
}
