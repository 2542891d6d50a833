/// An RNTuple (ROOT 6.34's frozen v1 format) opened from a ROOT file: its fields, and the values of
/// the leaf fields of basic types, as the same columns a ``ROOTTree`` yields.
///
/// Opening reads the anchor, the header and footer envelopes and every cluster group's page list,
/// checking each one's XXH3 checksum; pages are read when a field is.
public struct RNTuple: Sendable {
    /// Path of the RNTuple inside the file, e.g. `Events` or `dir/Events`.
    public let path: String
    /// The RNTuple's own name, from its header.
    public let name: String
    /// Number of entries (events), summed over its clusters.
    public let entries: Int
    /// Its columns, in field order: leaf fields of basic types, and every field it cannot read with the reason.
    public let fields: [RNTupleFieldInfo]
    /// Number of clusters.
    public var clusterCount: Int { clusters.clusters.count }

    let schema: RNTupleSchema
    let clusters: RNTupleClusters
    let source: ROOTFileReader
    /// The largest blob one key holds; a page stored larger is split over several keys, which is not read.
    let maxKeySize: Int

    init(path: String, anchorPayload: [UInt8], anchorOffset: Int, source: ROOTFileReader) throws {
        let file = source.path
        do {
            let anchor = try RNTupleAnchor(payload: anchorPayload, file: file, offset: anchorOffset)
            maxKeySize = anchor.maxKeySize > 0 ? anchor.maxKeySize : Int.max
            for (size, at) in [(anchor.nbytesHeader, anchor.seekHeader), (anchor.nbytesFooter, anchor.seekFooter)]
            where size > maxKeySize {
                throw ROOTError(
                    .unsupported, file: file, offset: at,
                    "an envelope of \(size) bytes is split over several keys (above \(maxKeySize)), which is not read")
            }
            let header = try RNTupleEnvelope(
                .header, source: source, offset: anchor.seekHeader, stored: anchor.nbytesHeader,
                length: anchor.lenHeader)
            var h = header.payload
            var schema = try RNTupleSchema(header: &h)
            let footer = try RNTupleEnvelope(
                .footer, source: source, offset: anchor.seekFooter, stored: anchor.nbytesFooter,
                length: anchor.lenFooter)
            var f = footer.payload
            let flags = try f.u64()
            guard flags == 0 else {
                throw ROOTError(
                    .unsupported, file: file, offset: anchor.seekFooter,
                    "RNTuple footer sets feature flags \(hex(flags)), which this reader does not know")
            }
            guard try f.u64() == header.checksum else {
                throw f.error("footer belongs to another header (its header checksum differs)")
            }
            try schema.extend(&f)
            clusters = try RNTupleClusters(footer: &f, headerChecksum: header.checksum, source: source)
            fields = try Self.layout(schema, file: file, name: path)
            self.schema = schema
        } catch let e as ROOTError {
            throw e.with(tree: path)
        }
        self.path = path
        self.name = schema.name
        self.entries = clusters.entries
        self.source = source
    }

    /// Reads every value of a field with one value per entry, in its own type.
    /// Throws `.notFound` for an unknown name, `.unsupported` naming file, RNTuple and field for a field of a
    /// type this reader cannot decode (or a collection: see ``readJagged(field:)``), and `.corrupt` for pages
    /// whose sizes or counts disagree with the metadata.
    public func read(field name: String) throws -> ROOTColumn {
        let (info, plan) = try lookup(name)
        guard info.collection == nil else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path, branch: name,
                "field holds a list per entry (collection '\(info.collection!)'); read it as a jagged column")
        }
        do {
            if plan.isCardinality {
                let offsets = try readOffsets(of: plan.leaf).offsets
                let counts = zip(offsets.dropFirst(), offsets).map { UInt64($0 - $1) }
                return info.elementType == .uint32
                    ? .uint32(counts.map { UInt32(truncatingIfNeeded: $0) }) : .uint64(counts)
            }
            return try readLeaf(plan.leaf, as: info.elementType!, perCluster: { $0.entries })
        } catch let e as ROOTError {
            throw e.with(tree: path, branch: name)
        }
    }

    /// Reads a field widened to Double.
    public func readAsDouble(field name: String) throws -> [Double] {
        try read(field: name).asDoubles
    }

    /// Reads a field that holds a list of values per entry (a member of a collection or fixed-size array).
    public func readJagged(field name: String) throws -> ROOTJaggedColumn {
        let (info, plan) = try lookup(name)
        guard let collection = plan.collectionField else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path, branch: name,
                "field holds one value per entry; read it as a flat column")
        }
        do {
            if let size = plan.fixedSize {
                let (total, overflow) = entries.multipliedReportingOverflow(by: size)
                guard !overflow, total <= ROOTLimits.maxColumnBytes / 8 else {
                    throw ROOTError(
                        .corrupt, file: source.path, "array of \(size) per entry is beyond the column limit")
                }
                let values = try readLeaf(plan.leaf, as: info.elementType!, perCluster: { $0.entries * size })
                return ROOTJaggedColumn(offsets: (0...entries).map { $0 * size }, values: values)
            }
            let (offsets, perCluster) = try readOffsets(of: collection)
            let values = try readLeaf(plan.leaf, as: info.elementType!, perClusterCounts: perCluster)
            return ROOTJaggedColumn(offsets: offsets, values: values)
        } catch let e as ROOTError {
            throw e.with(tree: path, branch: name)
        }
    }

    private func lookup(_ name: String) throws -> (RNTupleFieldInfo, RNTupleFieldInfo.Plan) {
        guard let info = fields.first(where: { $0.name == name }) else {
            throw ROOTError(
                .notFound, file: source.path, tree: path, branch: name,
                "no such field; the RNTuple has: \(fields.map(\.name).joined(separator: ", "))")
        }
        guard let plan = info.plan, info.elementType != nil else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path, branch: name,
                info.unsupportedReason ?? "field cannot be read")
        }
        return (info, plan)
    }
}
