import CXXHash

extension RNTuple {
    /// A column's numbers across clusters, before they take the field's own type.
    enum Values {
        case integers([Int64])
        case reals([Double])
    }

    /// Reads field `field`'s single column over every cluster, `count(cluster)` elements from each.
    func readLeaf(_ field: Int, perCluster count: (RNTupleClusters.Cluster) -> Int) throws -> Values {
        try readLeaf(field, perClusterCounts: clusters.clusters.map(count))
    }

    func readLeaf(_ field: Int, perClusterCounts counts: [Int]) throws -> Values {
        let total = counts.reduce(0, +)
        guard total <= ROOTLimits.maxColumnBytes / 8 else {
            throw ROOTError(.corrupt, file: source.path, "field claims \(total) values, beyond the column limit")
        }
        var ints: [Int64] = []
        var reals: [Double] = []
        var isReal: Bool?
        for (k, cluster) in clusters.clusters.enumerated() {
            let real = try append(field, cluster: k, cluster, expected: counts[k], ints: &ints, reals: &reals)
            if let real, let known = isReal, real != known {
                throw ROOTError(.unsupported, file: source.path, "field switches between integer and real columns")
            }
            isReal = isReal ?? real
        }
        return isReal == true ? .reals(reals) : .integers(ints)
    }

    /// Reads the index column of collection field `field`: the entries' offsets into its items over the
    /// whole RNTuple (`entries + 1`), and how many items each cluster holds.
    func readOffsets(of field: Int) throws -> (offsets: [Int], perCluster: [Int]) {
        var offsets = [0]
        offsets.reserveCapacity(entries + 1)
        var perCluster: [Int] = []
        var ints: [Int64] = []
        var reals: [Double] = []
        for (k, cluster) in clusters.clusters.enumerated() {
            ints.removeAll(keepingCapacity: true)
            if try append(field, cluster: k, cluster, expected: cluster.entries, ints: &ints, reals: &reals) == true {
                throw ROOTError(.corrupt, file: source.path, "collection index column holds reals")
            }
            let base = offsets[offsets.count - 1]
            var previous: Int64 = 0
            for v in ints {
                guard v >= previous, v <= Int64(ROOTLimits.maxColumnBytes / 8) else {
                    throw ROOTError(
                        .corrupt, file: source.path,
                        "collection offsets in cluster \(k) go from \(previous) to \(v) (must not decrease)")
                }
                previous = v
                offsets.append(base + Int(v))
            }
            perCluster.append(Int(previous))
        }
        return (offsets, perCluster)
    }

    /// Appends `expected` elements of `field` in `cluster` to `ints` or `reals`; returns whether they are
    /// reals (nil when the column had not been added yet in this cluster and reads as zeros).
    private func append(
        _ field: Int, cluster k: Int, _ cluster: RNTupleClusters.Cluster, expected: Int,
        ints: inout [Int64], reals: inout [Double]
    ) throws -> Bool? {
        let candidates = schema.fieldColumns[field]
        guard !candidates.isEmpty else { throw ROOTError(.corrupt, file: source.path, "field has no column") }
        guard let id = candidates.first(where: { $0 < cluster.columns.count && cluster.columns[$0].pages != nil })
        else {
            guard candidates.allSatisfy({ $0 >= cluster.columns.count }) else {
                throw ROOTError(.corrupt, file: source.path, "every column of the field is suppressed in cluster \(k)")
            }
            ints.append(contentsOf: repeatElement(0, count: expected))
            return nil
        }
        let column = schema.columns[id]
        guard let type = RNTupleColumnType(code: column.type) else {
            throw ROOTError(
                .unsupported, file: source.path,
                "column type \(RNTupleColumnType.name(code: column.type)) (\(column.bits) bits) is not read")
        }
        guard column.bits == (type.kind == .bit ? 1 : type.width * 8) else {
            throw ROOTError(
                .corrupt, file: source.path,
                "column \(id) of type \(RNTupleColumnType.name(code: column.type)) claims \(column.bits) bits")
        }
        let range = cluster.columns[id]
        guard range.elements == expected else {
            throw ROOTError(
                .corrupt, file: source.path,
                "column \(id) holds \(range.elements) elements in cluster \(k), its field needs \(expected)")
        }
        for page in range.pages ?? [] {
            let bytes = try pageBytes(page, type: type)
            if type.isReal {
                RNTuplePageDecoder.reals(bytes, count: page.elements, type: type, into: &reals)
            } else {
                RNTuplePageDecoder.integers(bytes, count: page.elements, type: type, into: &ints)
            }
        }
        return type.isReal
    }

    /// One page's bytes, its checksum verified and its blocks decompressed.
    private func pageBytes(_ page: RNTupleClusters.Page, type: RNTupleColumnType) throws -> [UInt8] {
        guard let length = type.pageBytes(page.elements), length <= ROOTLimits.maxExpansion(of: page.size) else {
            throw ROOTError(
                .corrupt, file: source.path, offset: page.offset,
                "page of \(page.elements) elements cannot come from \(page.size) stored bytes")
        }
        if page.hasChecksum {
            let stored = try source.bytes(at: page.offset, count: page.size + 8)
            var c = RNTupleCursor(stored, fileOffset: page.offset, file: source.path)
            try c.seek(to: page.size)
            let want = try c.u64()
            let got = stored.withUnsafeBytes { XXH3_64bits($0.baseAddress!, page.size) }
            guard want == got else {
                throw ROOTError(
                    .decompression, file: source.path, offset: page.offset,
                    "page checksum mismatch: stored xxhash3 \(hex(want)), computed \(hex(got))")
            }
        }
        if length == 0 { return [] }
        return try RNTupleEnvelope.block(
            source: source, offset: page.offset, stored: page.size, length: length, what: "page")
    }

    /// The values in the field's own type.
    func column(_ values: Values, as type: ROOTDataType) throws -> ROOTColumn {
        switch (values, type) {
        case (.integers(let v), .bool): return .bool(v.map { $0 != 0 })
        case (.integers(let v), .int8): return .int8(v.map { Int8(truncatingIfNeeded: $0) })
        case (.integers(let v), .uint8): return .uint8(v.map { UInt8(truncatingIfNeeded: $0) })
        case (.integers(let v), .int16): return .int16(v.map { Int16(truncatingIfNeeded: $0) })
        case (.integers(let v), .uint16): return .uint16(v.map { UInt16(truncatingIfNeeded: $0) })
        case (.integers(let v), .int32): return .int32(v.map { Int32(truncatingIfNeeded: $0) })
        case (.integers(let v), .uint32): return .uint32(v.map { UInt32(truncatingIfNeeded: $0) })
        case (.integers(let v), .int64): return .int64(v)
        case (.integers(let v), .uint64): return .uint64(v.map { UInt64(bitPattern: $0) })
        case (.reals(let v), .float): return .float(v.map { Float($0) })
        case (.reals(let v), .double): return .double(v)
        default:
            throw ROOTError(.unsupported, file: source.path, "a \(type.cName) field stored in a column of another kind")
        }
    }
}
