/// One top-level key of a spec (`datasets:`, `statistics:`, …) and the typed value it reads to.
///
/// A section is registered once, in ``SpecSections/all``; ``SpecLoader`` walks that list, so a new
/// key needs its own file and one line there. A section sees the sections it names in ``reads``,
/// already read, through its ``SectionContext``: that is how `export:` checks the models it names.
protocol SpecSection {
    /// What the spec gets from this section, stored in ``Spec`` and read back with `spec[Section.self]`.
    associatedtype Value: Hashable & Sendable

    /// The top-level key, as written in the spec.
    static var key: String { get }
    /// Whether a spec without this key is refused ("the spec is missing the required key …").
    static var isRequired: Bool { get }
    /// The sections whose values ``read(_:)`` uses; the loader reads them first.
    static var reads: [any SpecSection.Type] { get }

    /// Reads the section's node (`context.node`, nil when the key is absent) into its value,
    /// reporting every problem through `context.reader` at its node. Returns nil when the section
    /// could not be read, or when it is absent and has no default.
    static func read(_ context: SectionContext) -> Value?
}

extension SpecSection {
    static var isRequired: Bool { false }
    static var reads: [any SpecSection.Type] { [] }

    /// Reads this section and stores its value; false when a written (or required) section failed.
    /// Written here, where `Value` is known, so the loader can call it on `any SpecSection.Type`.
    static func read(into values: inout SectionValues, _ context: SectionContext) -> Bool {
        guard let value = read(context) else { return context.node == nil && !isRequired }
        values[Self.self] = value
        return true
    }
}
