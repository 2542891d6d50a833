extension ROOTFile {
    /// The class name of an RNTuple's anchor in the key list.
    static let ntupleClass = "ROOT::RNTuple"

    /// Opens the RNTuple at `path` (`name` or `dir/sub/name`): reads its anchor, header, footer and page lists.
    public func rntuple(at ntuplePath: String) throws -> RNTuple {
        guard let entry = ntupleEntries.first(where: { $0.path == ntuplePath }) else {
            throw ROOTError(
                .notFound, file: path, tree: ntuplePath,
                "no such RNTuple; the file has: \(ntupleEntries.map(\.path).joined(separator: ", "))")
        }
        return try RNTuple(
            path: ntuplePath, anchorPayload: try entry.key.payload(source),
            anchorOffset: entry.key.seekKey + entry.key.keylen, source: source)
    }

    /// Every RNTuple in the file, opened.
    public func rntuples() throws -> [RNTuple] {
        try ntupleEntries.map { try rntuple(at: $0.path) }
    }
}
