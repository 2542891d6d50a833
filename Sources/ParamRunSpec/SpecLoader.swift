import ParamRunSupport

/// Reads a spec file into a validated ``Spec``, or throws a ``SpecError`` listing every problem.
///
/// The loader is a small core: it parses, checks the top-level keys against ``SpecSections``, and
/// has each section read its own key (`Sections/`), after the sections it reads.
public enum SpecLoader {
    /// The tag that turns a model key's list into a sweep, one model per element.
    package static let sweepTag = "!each"
    /// The most networks one sweep may expand to; each is a training of its own.
    package static let maximumSweep = 1000

    /// Loads and validates the spec at `path`.
    public static func load(path: String) throws -> Spec {
        let (root, source) = try YAMLParser.parseFile(atPath: path)
        return try validate(root, file: path, source: source)
    }

    /// Validates an already-parsed spec; `source` is only used to show offending lines.
    public static func load(text: String, file: String) throws -> Spec {
        try validate(try YAMLParser.parse(text, file: file), file: file, source: text)
    }

    static func validate(_ root: YAMLNode, file: String, source: String) throws -> Spec {
        let reader = NodeReader()
        if let sections = readSections(root, reader: reader, file: file), reader.diagnostics.isEmpty {
            return Spec(file: file, text: source, sections: sections)
        }
        if reader.diagnostics.isEmpty {
            reader.error(root, "internal error: the spec was rejected without a reason; please report this")
        }
        // Sections are read in dependency order; problems are shown in the order of the file.
        let sorted = reader.diagnostics.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
        throw SpecError(sorted, source: source)
    }

    /// Every section's value, or nil when the spec is not a mapping or a section failed to read.
    static func readSections(_ root: YAMLNode, reader: NodeReader, file: String) -> SectionValues? {
        guard case .mapping = root.content else {
            reader.error(
                root,
                "a spec must be a mapping of keys (name, datasets, models, evaluate, …), "
                    + "found \(root.kindName)")
            return nil
        }
        guard
            let top = reader.fields(
                root, "the spec", allowed: SpecSections.keys,
                required: SpecSections.requiredKeys)
        else { return nil }
        var values = SectionValues()
        var complete = true
        for section in SpecSections.readingOrder {
            let context = SectionContext(reader: reader, file: file, top: top, values: values, node: top[section.key])
            if !section.read(into: &values, context) { complete = false }
        }
        return complete ? values : nil
    }
}
