import ParamRunData

/// `scale:` says how inputs are scaled: `standard` (the default), `minmax` or `none`.
enum ScaleSection: SpecSection {
    static let key = "scale"

    static func read(_ context: SectionContext) -> Scaler.Kind? {
        context.node.map { context.reader.choice($0, "scale", as: Scaler.Kind.self) } ?? .standard
    }
}

extension Spec {
    /// How inputs are scaled; fitted on each network's own training data only.
    public var scale: Scaler.Kind { self[ScaleSection.self] ?? .standard }
}
