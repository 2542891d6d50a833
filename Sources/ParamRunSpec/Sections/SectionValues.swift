/// The values of a spec's sections, keyed by section: a new section stores its value here
/// without a stored property of its own in ``Spec``.
struct SectionValues: Hashable, Sendable {
    private var values: [String: any Hashable & Sendable] = [:]

    subscript<Section: SpecSection>(section: Section.Type) -> Section.Value? {
        get { values[Section.key] as? Section.Value }
        set { values[Section.key] = newValue }
    }

    static func == (lhs: SectionValues, rhs: SectionValues) -> Bool {
        lhs.values.keys.sorted() == rhs.values.keys.sorted()
            && lhs.values.allSatisfy { key, value in
                rhs.values[key].map { AnyHashable(value) == AnyHashable($0) } ?? false
            }
    }

    func hash(into hasher: inout Hasher) {
        for key in values.keys.sorted() {
            hasher.combine(key)
            hasher.combine(values[key].map { AnyHashable($0) })
        }
    }
}
