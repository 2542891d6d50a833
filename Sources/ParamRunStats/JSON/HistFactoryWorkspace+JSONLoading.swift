import Foundation

extension HistFactoryWorkspace {
    /// The workspace `json` describes, checked against pyhf's workspace schema 1.0.0 and for
    /// consistent bin counts, observations and POI; `file` names it in errors.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` with the JSON path of the fault:
    ///   `channels[2].samples[0].modifiers[3].data.hi_data: expected an array of numbers, found a string`.
    public init(json: JSONValue, file: String) throws(StatsError) {
        self = try WorkspaceJSONDecoder(file: file).workspace(json)
    }

    /// The workspace `base` describes once `patches` are applied to it in order; errors in the
    /// patched document name `file` and the patches' files.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` naming a failed operation, or the
    ///   JSON path of a fault in the patched workspace.
    public init(json base: JSONValue, file: String, patches: [JSONPatch]) throws(StatsError) {
        var document = base
        for patch in patches { try patch.apply(to: &document) }
        let name = patches.isEmpty ? file : "\(file) patched by \(patches.map(\.file).joined(separator: ", "))"
        try self.init(json: document, file: name)
    }

    /// Reads a workspace file.
    /// - Throws: ``StatsError/unreadableFile(file:reason:)`` when it cannot be read,
    ///   ``StatsError/malformedJSON(file:line:column:reason:)`` when it is not JSON, and
    ///   ``StatsError/invalidJSON(file:path:reason:)`` when it is not a workspace.
    public static func load(
        from url: URL, maximumSize: Int = JSONFile.defaultMaximumSize
    ) throws(StatsError) -> HistFactoryWorkspace {
        try HistFactoryWorkspace(json: JSONFile.parse(url, maximumSize: maximumSize), file: url.path)
    }

    /// Reads a workspace file and applies the patch files `patches` to it, in order: what
    /// `pyhf cls WORKSPACE -p PATCH…` reads. Each patch file holds a JSON Patch, or a patchset
    /// of one patch; a patchset of several is refused, since its patches are alternatives (read
    /// it with ``Patchset/load(from:maximumSize:)`` and pick one).
    /// - Throws: ``StatsError`` naming the file at fault, and its line and column or JSON path.
    public static func load(
        from url: URL, patches: [URL], maximumSize: Int = JSONFile.defaultMaximumSize
    ) throws(StatsError) -> HistFactoryWorkspace {
        let base = try JSONFile.parse(url, maximumSize: maximumSize)
        var operations: [JSONPatch] = []
        for patchURL in patches {
            let found = try Patchset.patches(in: patchURL, maximumSize: maximumSize)
            guard found.count == 1 else {
                let names = found.prefix(5).map(\.name).joined(separator: ", ") + (found.count > 5 ? ", …" : "")
                throw .invalidJSON(
                    file: patchURL.path, path: "patches",
                    reason: "a patchset of \(found.count) alternative patches (\(names)); apply one at a time")
            }
            operations.append(found[0].patch)
        }
        return try HistFactoryWorkspace(json: base, file: url.path, patches: operations)
    }
}
