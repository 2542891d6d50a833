import Foundation

/// A pyhf patchset (schema https://scikit-hep.org/pyhf/schemas/1.0.0/patchset.json): the signal
/// patches HEPData publishes beside a background-only workspace, one per point of a signal grid.
///
/// Each patch has a name and one value per label (`[1300, 850, 60]` for the labels
/// `m_sbottom, m_neutralino2, m_neutralino1`); names and values are unique, as pyhf requires.
/// The `digests` of the workspace the patches were made for are kept but not verified: pyhf
/// hashes its own serialisation of the workspace, which keeps Python's distinction between
/// `12` and `12.0` that a parsed ``JSONValue`` does not.
public struct Patchset: Equatable, Sendable {
    /// One patch of the set.
    public struct Patch: Equatable, Sendable {
        /// The patch's name, unique in its set.
        public var name: String
        /// Its value for each of the set's labels (numbers or strings).
        public var values: [JSONValue]
        /// The JSON Patch that turns the background-only workspace into this signal's.
        public var patch: JSONPatch
        /// A patch `name` at `values`.
        public init(name: String, values: [JSONValue], patch: JSONPatch) {
            self.name = name; self.values = values; self.patch = patch
        }
    }

    /// What the patches are, or the analysis they come from.
    public var description: String
    /// The names of the dimensions the patches' values span.
    public var labels: [String]
    /// Hash algorithm → digest of the background-only workspace the patches were made for.
    public var digests: JSONObject
    /// Where the patchset was published (`{"hepdata": "ins1748602"}`).
    public var references: JSONObject
    /// The patches, in file order.
    public var patches: [Patch]
    /// The schema version, `1.0.0`.
    public var version: String
    /// The file the patchset came from, for errors.
    public var file: String

    /// The patches' names, in file order.
    public var names: [String] { patches.map(\.name) }

    /// The patch named `name`.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` listing the names there are.
    public func patch(named name: String) throws(StatsError) -> Patch {
        guard let patch = patches.first(where: { $0.name == name }) else {
            let known = names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
            throw .invalidJSON(
                file: file, path: "patches", reason: "no patch is named \"\(name)\" (there are: \(known))")
        }
        return patch
    }

    /// The patch at `values`, one per label, if there is one.
    public func patch(values: [JSONValue]) -> Patch? { patches.first { $0.values == values } }

    /// The background-only document `base` with the patch named `name` applied.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` for an unknown name or a failed
    ///   operation.
    public func apply(named name: String, to base: JSONValue) throws(StatsError) -> JSONValue {
        try patch(named: name).patch.applied(to: base)
    }

    /// The workspace the patch named `name` makes of `base`, the background-only workspace read
    /// from `file`.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` for an unknown name, a failed
    ///   operation, or a patched workspace that breaks the schema.
    public func workspace(named name: String, base: JSONValue, file: String) throws(StatsError) -> HistFactoryWorkspace
    {
        try HistFactoryWorkspace(json: base, file: file, patches: [patch(named: name).patch])
    }

    /// Reads the patchset in the file at `url`.
    /// - Throws: ``StatsError`` naming the file and the line and column or JSON path.
    public static func load(from url: URL, maximumSize: Int = JSONFile.defaultMaximumSize) throws(StatsError)
        -> Patchset
    {
        try Patchset(json: JSONFile.parse(url, maximumSize: maximumSize), file: url.path)
    }

    /// The patches in the file at `url`, which holds either a JSON Patch (one patch, named after
    /// the file without `.json`: `patch.sbottom_1300_850_60`) or a patchset (all of its patches).
    /// - Throws: ``StatsError`` naming the file and the line and column or JSON path.
    public static func patches(in url: URL, maximumSize: Int = JSONFile.defaultMaximumSize) throws(StatsError)
        -> [Patch]
    {
        let json = try JSONFile.parse(url, maximumSize: maximumSize)
        if case .array = json {
            let name = url.deletingPathExtension().lastPathComponent
            return [Patch(name: name, values: [], patch: try JSONPatch(json: json, file: url.path))]
        }
        return try Patchset(json: json, file: url.path).patches
    }

    /// The patchset `json` describes, read from `file`.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` naming the JSON path.
    public init(json: JSONValue, file: String) throws(StatsError) {
        let reader = JSONSchemaReader(file: file)
        let root = try reader.object(json, at: "")
        try reader.checkKeys(root, at: "", allowed: ["metadata", "patches", "version"])
        version = try reader.string(reader.required(root, "version", at: ""), at: "version")
        guard version == "1.0.0" else {
            throw reader.failure(at: "version", "version \"\(version)\" is not supported (pyhf's schema 1.0.0 is)")
        }
        let metadata = try reader.object(reader.required(root, "metadata", at: ""), at: "metadata")
        description = try reader.string(
            reader.required(metadata, "description", at: "metadata"), at: "metadata.description")
        digests = try Self.digests(
            reader.required(metadata, "digests", at: "metadata"), at: "metadata.digests", reader: reader)
        references = try Self.references(
            reader.required(metadata, "references", at: "metadata"), at: "metadata.references", reader: reader)
        var labels: [String] = []
        let labelItems = try reader.array(
            reader.required(metadata, "labels", at: "metadata"), at: "metadata.labels", minCount: 1)
        for (i, item) in labelItems.enumerated() {
            labels.append(try Self.identifier(item, at: "metadata.labels[\(i)]", reader: reader))
        }
        self.labels = labels
        self.file = file
        patches = []
        let items = try reader.array(reader.required(root, "patches", at: ""), at: "patches", minCount: 1)
        for (i, item) in items.enumerated() {
            let patch = try Self.patch(item, at: "patches[\(i)]", labels: labels.count, reader: reader)
            if patches.contains(where: { $0.name == patch.name }) {
                throw reader.failure(at: "patches[\(i)].metadata.name", "a second patch named \"\(patch.name)\"")
            }
            if patches.contains(where: { $0.values == patch.values }) {
                throw reader.failure(at: "patches[\(i)].metadata.values", "a second patch with the same values")
            }
            patches.append(patch)
        }
    }

    static func patch(_ json: JSONValue, at path: String, labels: Int, reader: JSONSchemaReader) throws(StatsError)
        -> Patch
    {
        let object = try reader.object(json, at: path)
        try reader.checkKeys(object, at: path, allowed: ["metadata", "patch"])
        let metadataPath = path + ".metadata"
        let metadata = try reader.object(reader.required(object, "metadata", at: path), at: metadataPath)
        let name = try identifier(
            reader.required(metadata, "name", at: metadataPath), at: metadataPath + ".name", reader: reader)
        let valuesPath = metadataPath + ".values"
        let values = try reader.array(reader.required(metadata, "values", at: metadataPath), at: valuesPath)
        for (i, value) in values.enumerated() {
            switch value {
            case .number, .string: continue
            default:
                throw reader.failure(at: valuesPath + "[\(i)]", "expected a number or a string, found \(value.kind)")
            }
        }
        guard values.count == labels else {
            throw reader.failure(at: valuesPath, "\(values.count) values, but the patchset has \(labels) labels")
        }
        let operations = try reader.required(object, "patch", at: path)
        return Patch(
            name: name, values: values,
            patch: try JSONPatch(json: operations, file: reader.file, location: path + ".patch"))
    }
}
