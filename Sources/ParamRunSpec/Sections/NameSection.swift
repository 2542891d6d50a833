/// `name:` names the output folder `outputs/<name>/`.
enum NameSection: SpecSection {
    static let key = "name"
    static let isRequired = true

    static func read(_ context: SectionContext) -> String? {
        context.node.flatMap { context.nameValue($0, "name") }
    }
}

extension Spec {
    /// Names the output folder `outputs/<name>/`.
    public var name: String { self[NameSection.self] ?? "" }
}
