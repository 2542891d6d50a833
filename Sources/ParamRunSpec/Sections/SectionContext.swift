import Foundation
import ParamRunData
import ParamRunSupport

/// What a section sees while it reads: its own node, the spec's top-level nodes, the sections
/// already read, and the helpers that several sections share.
struct SectionContext {
    let reader: NodeReader
    /// The spec file as given on the command line; paths in the spec are relative to its folder.
    let file: String
    /// The spec's top-level keys, already checked against the registry.
    let top: NodeReader.Fields
    /// The values of the sections read so far.
    let values: SectionValues
    /// This section's node; nil when its key is absent.
    let node: YAMLNode?

    /// An already-read section's value (a section named in ``SpecSection/reads``).
    subscript<Section: SpecSection>(section: Section.Type) -> Section.Value? { values[section] }

    /// The names written under a top-level mapping (`datasets:`, `models:`), valid or not: a
    /// reference to one whose definition has its own error is not reported again as undefined.
    func declaredNames(_ key: String) -> Set<String> {
        guard let node = top[key], case .mapping(let pairs) = node.content else { return [] }
        return Set(pairs.compactMap(\.key.scalar))
    }

    /// θ's components (`parameters:`) with the reader of θ points in their terms.
    var parameters: ParameterReader {
        var parameters = ParameterReader(reader: reader)
        parameters.parameters = self[ParametersSection.self] ?? ParameterSpec.massOnly
        return parameters
    }

    /// The node that declared θ's components, where a condition's problems are reported.
    var parametersNode: YAMLNode? { top[ParametersSection.key] }

    /// Whether θ has components beyond the mass, so points must name them all.
    var hasConditions: Bool { parameters.parameters.count > 1 }

    /// The datasets read so far; empty before `datasets:` is read.
    var datasets: [DatasetSpec] { self[DatasetsSection.self] ?? [] }

    /// Refuses a stage that would need more than the memory limit, at the value that makes it large.
    func checkMemory(_ bytes: Double, at node: YAMLNode, _ what: String) {
        let limit = self[LimitsSection.self] ?? MemoryLimit()
        guard bytes > limit.bytes else { return }
        reader.error(
            node,
            "\(what) needs about \(ByteSize.describe(bytes)) of memory, more than the "
                + "\(ByteSize.describe(limit.bytes)) allowed (\(limit.source))")
    }

    /// The longest name a spec may give: a file name holds at most 255 bytes, and a stage's
    /// folder and files add a point (`@1000,jes=-0.05`) and a suffix to the name.
    static let maximumNameLength = 100

    /// Names become folder names and stage IDs, so they keep to a safe alphabet and length.
    func nameValue(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard text.utf8.count <= Self.maximumNameLength else {
            reader.error(
                node,
                "\(what) '\(Excerpt.value(text))' is \(text.utf8.count) characters long; names become folder "
                    + "and file names, so they may have at most \(Self.maximumNameLength)")
            return nil
        }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !text.isEmpty, text.unicodeScalars.allSatisfy(allowed.contains), !text.hasPrefix(".") else {
            reader.error(
                node,
                "\(what) '\(text)' may use only letters, digits, '.', '_' and '-', and "
                    + "must not start with '.'")
            return nil
        }
        return text
    }

    /// A path written in the spec, made absolute against the spec's own folder.
    func resolve(_ path: String) -> String {
        Spec.resolve(path, relativeTo: file)
    }

    /// A source with its path made absolute.
    func resolved(_ source: SourceReference) -> SourceReference {
        var reference = source
        reference.path = reference.path.map(resolve)
        return reference
    }
}
