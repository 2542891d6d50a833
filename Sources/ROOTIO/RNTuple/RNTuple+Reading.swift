import CXXHash

extension RNTuple {
    /// Reads leaf field `field` over every cluster, `count(cluster)` elements from each, as `type`.
    func readLeaf(
        _ field: Int, as type: ROOTDataType, perCluster count: (RNTupleClusters.Cluster) -> Int
    ) throws -> ROOTColumn {
        try readLeaf(field, as: type, perClusterCounts: clusters.clusters.map(count))
    }

    func readLeaf(_ field: Int, as target: ROOTDataType, perClusterCounts counts: [Int]) throws -> ROOTColumn {
        let total = counts.reduce(0, +)
        try checkCount(total, size: target.size)
        var out: [UInt8] = []
        out.reserveCapacity(total * target.size)
        for (k, cluster) in clusters.clusters.enumerated() {
            let (plain, type) = try plainElements(field, cluster: k, cluster, expected: counts[k])
            guard let type else {
                out.append(contentsOf: repeatElement(0, count: counts[k] * target.size))
                continue
            }
            if RNTuplePageDecoder.isLayout(of: type, target) {
                out.append(contentsOf: plain)
            } else {
                try convert(plain, count: counts[k], from: type, to: target, into: &out)
            }
        }
        return Self.column(out, as: target)
    }

    /// Reads the index column of collection field `field`: the entries' offsets into its items over the
    /// whole RNTuple (`entries + 1`), and how many items each cluster holds.
    func readOffsets(of field: Int) throws -> (offsets: [Int], perCluster: [Int]) {
        try checkCount(entries, size: MemoryLayout<Int>.size)
        var offsets = [0]
        offsets.reserveCapacity(entries + 1)
        var perCluster: [Int] = []
        for (k, cluster) in clusters.clusters.enumerated() {
            let (plain, found) = try plainElements(field, cluster: k, cluster, expected: cluster.entries)
            let base = offsets[offsets.count - 1]
            guard let type = found else {
                offsets.append(contentsOf: repeatElement(base, count: cluster.entries))
                perCluster.append(0)
                continue
            }
            guard !type.isReal else {
                throw ROOTError(.corrupt, file: source.path, "collection index column holds reals")
            }
            var previous: Int64 = 0
            try plain.withUnsafeBytes { bytes in
                for i in 0..<cluster.entries {
                    let v = RNTuplePageDecoder.integer(bytes, i, type)
                    guard v >= previous, v <= Int64(ROOTLimits.maxColumnBytes / 8) else {
                        throw ROOTError(
                            .corrupt, file: source.path,
                            "collection offsets in cluster \(k) go from \(previous) to \(v) (must not decrease)")
                    }
                    previous = v
                    offsets.append(base + Int(v))
                }
            }
            perCluster.append(Int(previous))
        }
        return (offsets, perCluster)
    }

    /// Refuses `count` values of `size` bytes each beyond ``ROOTLimits/maxColumnBytes`` or beyond what the
    /// file's bytes can expand to, checked before anything is allocated for them (cluster entry counts are
    /// the file's word until the pages are read).
    private func checkCount(_ count: Int, size: Int) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        guard count >= 0, !overflow, count <= ROOTLimits.maxColumnBytes / 8,
            bytes <= ROOTLimits.maxExpansion(of: source.size)
        else {
            throw ROOTError(
                .corrupt, file: source.path,
                "field claims \(count) values, beyond the column limit or what the \(source.size)-byte file can hold")
        }
    }

    /// Appends `count` plain elements of `type` to `out` as the bytes of `target`, converting each.
    private func convert(
        _ plain: [UInt8], count: Int, from type: RNTupleColumnType, to target: ROOTDataType, into out: inout [UInt8]
    ) throws {
        let wantsReal = target == .float || target == .double
        guard type.isReal == wantsReal else {
            throw ROOTError(
                .unsupported, file: source.path,
                "a \(target.cName) field stored in a column of \(type.isReal ? "reals" : "integers")")
        }
        plain.withUnsafeBytes { bytes in
            for i in 0..<count {
                let bits: UInt64
                if target == .float {
                    bits = UInt64(Float(RNTuplePageDecoder.real(bytes, i, type)).bitPattern)
                } else if target == .double {
                    bits = RNTuplePageDecoder.real(bytes, i, type).bitPattern
                } else if target == .bool {
                    bits = RNTuplePageDecoder.integer(bytes, i, type) != 0 ? 1 : 0
                } else {
                    bits = UInt64(bitPattern: RNTuplePageDecoder.integer(bytes, i, type))
                }
                for b in 0..<target.size { out.append(UInt8(truncatingIfNeeded: bits >> (8 * b))) }
            }
        }
    }

    /// Plain little-endian bytes reinterpreted as a column of `type`.
    static func column(_ bytes: [UInt8], as type: ROOTDataType) -> ROOTColumn {
        func load<T>(_: T.Type) -> [T] {
            let n = bytes.count / MemoryLayout<T>.stride
            return [T](unsafeUninitializedCapacity: n) { out, initialized in
                bytes.withUnsafeBytes { src in
                    if n > 0 {
                        UnsafeMutableRawPointer(out.baseAddress!).copyMemory(
                            from: src.baseAddress!, byteCount: n * MemoryLayout<T>.stride)
                    }
                }
                initialized = n
            }
        }
        switch type {
        case .bool: return .bool(load(Bool.self))
        case .int8: return .int8(load(Int8.self))
        case .uint8: return .uint8(bytes)
        case .int16: return .int16(load(Int16.self))
        case .uint16: return .uint16(load(UInt16.self))
        case .int32: return .int32(load(Int32.self))
        case .uint32: return .uint32(load(UInt32.self))
        case .int64: return .int64(load(Int64.self))
        case .uint64: return .uint64(load(UInt64.self))
        case .float: return .float(load(Float.self))
        case .double: return .double(load(Double.self))
        }
    }

    /// The `expected` elements of `field` in `cluster`, plain, with the column type they came from
    /// (nil when the column had not been added yet in this cluster and reads as zeros).
    private func plainElements(
        _ field: Int, cluster k: Int, _ cluster: RNTupleClusters.Cluster, expected: Int
    ) throws -> ([UInt8], RNTupleColumnType?) {
        let candidates = schema.fieldColumns[field]
        guard !candidates.isEmpty else { throw ROOTError(.corrupt, file: source.path, "field has no column") }
        guard let id = candidates.first(where: { $0 < cluster.columns.count && cluster.columns[$0].pages != nil })
        else {
            guard candidates.allSatisfy({ $0 >= cluster.columns.count }) else {
                throw ROOTError(.corrupt, file: source.path, "every column of the field is suppressed in cluster \(k)")
            }
            return ([], nil)
        }
        let column = schema.columns[id]
        guard let type = RNTupleColumnType(column) else {
            throw ROOTError(
                .unsupported, file: source.path,
                "column type \(RNTupleColumnType.name(code: column.type)) of \(column.bits) bits is not read")
        }
        let range = cluster.columns[id]
        guard range.elements == expected else {
            throw ROOTError(
                .corrupt, file: source.path,
                "column \(id) holds \(range.elements) elements in cluster \(k), its field needs \(expected)")
        }
        let pages = range.pages ?? []
        if pages.count == 1 {
            return (RNTuplePageDecoder.plain(try pageBytes(pages[0], type: type), count: expected, type: type), type)
        }
        var plain: [UInt8] = []
        plain.reserveCapacity(expected * (type.kind == .bit ? 1 : type.width))
        for page in pages {
            plain += RNTuplePageDecoder.plain(try pageBytes(page, type: type), count: page.elements, type: type)
        }
        return (plain, type)
    }

    /// One page's bytes, its checksum verified and its blocks decompressed.
    private func pageBytes(_ page: RNTupleClusters.Page, type: RNTupleColumnType) throws -> [UInt8] {
        guard page.size <= maxKeySize else {
            throw ROOTError(
                .unsupported, file: source.path, offset: page.offset,
                "a page of \(page.size) bytes is split over several keys (above \(maxKeySize)), which is not read")
        }
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
}
