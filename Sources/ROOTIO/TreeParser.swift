/// Where one branch's baskets are, plus what the tree says about it.
struct BranchLayout: Sendable {
    var info: ROOTBranchInfo
    var basketBytes: [Int]
    var basketEntry: [Int]
    var basketSeek: [Int]
    var writeBasket: Int
    /// Baskets ROOT kept inside the TTree object (not yet flushed when the tree was written).
    var embedded: [EmbeddedBasket]
}

/// A basket ROOT kept inside the TTree object: its data bytes and, for variable-size entries, where each
/// entry starts in them (`entries + 1` offsets, the last the data's length).
struct EmbeddedBasket: Sendable {
    var entries: Int
    var data: [UInt8]
    var offsets: [Int]?
}

/// The parts of a TTree object this reader uses.
struct TreeLayout: Sendable {
    var entries: Int
    var branches: [BranchLayout]
}

/// Decodes TTree, TBranch and TLeaf records by their class versions (TTree 16–20, TBranch 10–13, TLeaf 2),
/// the layouts written by ROOT 5.26 onwards and by uproot. Other versions are refused, not guessed at.
struct TreeParser {
    var r: ObjectReader
    let file: String
    let tree: String

    init(payload: [UInt8], key: ROOTKey, file: String, tree: String) {
        // Object references count from the start of the key, so the payload starts at displacement keylen.
        r = ObjectReader(ByteCursor(payload, fileOffset: key.seekKey + key.keylen, origin: key.keylen, file: file))
        self.file = file
        self.tree = tree
    }

    private func unsupported(_ message: String) -> ROOTError {
        ROOTError(.unsupported, file: file, tree: tree, message)
    }

    mutating func parse(className: String) throws -> TreeLayout {
        if className == "TNtuple" || className == "TNtupleD" {
            _ = try r.header() // the TTree base follows directly
        } else if className != "TTree" {
            throw unsupported("class \(className) is not a TTree")
        }
        let h = try r.header()
        guard (16...20).contains(h.version) else {
            throw unsupported("TTree class version \(h.version) (this reader knows 16 to 20)")
        }
        _ = try r.tNamed()
        try r.skipObject(what: "TAttLine")
        try r.skipObject(what: "TAttFill")
        try r.skipObject(what: "TAttMarker")
        let entries = try r.c.i64()
        guard entries >= 0 else { throw r.c.error("negative entry count \(entries)") }
        // The remaining scalar members, by version (see TTree's streamer): int64 sizes, fWeight,
        // int32 settings, int64 limits.
        switch h.version {
        case 16: try r.c.skip(3 * 8 + 8 + 3 * 4 + 5 * 8)
        case 17: try r.c.skip(3 * 8 + 8 + 4 * 4 + 5 * 8)
        case 18: try r.c.skip(4 * 8 + 8 + 4 * 4 + 6 * 8)
        default:
            try r.c.skip(4 * 8 + 8 + 4 * 4)
            let clusterRanges = try r.c.i32()
            try r.c.skip(6 * 8)
            guard clusterRanges >= 0, clusterRanges <= r.c.remaining / 16 else {
                throw r.c.error("TTree claims \(clusterRanges) cluster ranges")
            }
            for _ in 0..<2 {
                let present = try r.c.u8()
                if present != 0 { try r.c.skip(clusterRanges * 8) }
            }
            if h.version >= 20 { try r.skipObject(what: "TIOFeatures") }
        }
        let branches = try r.objArray(what: "TTree fBranches") { r, cls, _ in
            try Self.branch(&r, className: cls, file: file, tree: tree)
        }
        // fLeaves, aliases, indices, friends and user info follow; none of them is needed.
        return TreeLayout(entries: entries, branches: branches.compactMap { $0 })
    }

    /// Reads a branch object of any TBranch subclass; all start with the TBranch base.
    static func branch(_ r: inout ObjectReader, className: String, file: String, tree: String) throws -> BranchLayout {
        var classReason: String? = nil
        if className != "TBranch" {
            guard className.hasPrefix("TBranch") else {
                throw ROOTError(.unsupported, file: file, tree: tree, "branch list holds a \(className)")
            }
            _ = try r.header()
            classReason = "\(className) (objects and class members) is not supported; only flat TBranch"
        }
        let h = try r.header()
        guard (10...13).contains(h.version) else {
            throw ROOTError(
                .unsupported, file: file, tree: tree, "TBranch class version \(h.version) (this reader knows 10 to 13)")
        }
        let name = try r.tNamed()
        do {
            try r.skipObject(what: "TAttFill")
            let compress = try r.c.i32()
            try r.c.skip(4 + 4) // fBasketSize, fEntryOffsetLen
            let writeBasket = try r.c.i32()
            try r.c.skip(8) // fEntryNumber
            if h.version >= 13 { try r.skipObject(what: "TIOFeatures") }
            try r.c.skip(4) // fOffset
            let maxBaskets = try r.c.i32()
            try r.c.skip(4) // fSplitLevel
            let entries = try r.c.i64()
            if h.version >= 11 { try r.c.skip(8) } // fFirstEntry
            try r.c.skip(16) // fTotBytes, fZipBytes
            guard entries >= 0, maxBaskets >= 0, writeBasket >= 0, writeBasket <= maxBaskets else {
                throw r.c.error(
                    "branch '\(name)' has inconsistent counts (entries \(entries), "
                        + "baskets \(writeBasket)/\(maxBaskets))"
                )
            }
            let subBranches = try r.objArray(what: "branch '\(name)' fBranches") { r, cls, _ in
                try Self.branch(&r, className: cls, file: file, tree: tree)
            }
            let leaves = try r.objArray(what: "branch '\(name)' fLeaves") { r, cls, _ in
                try Self.leaf(&r, className: cls)
            }
            let embedded = try r.objArray(what: "branch '\(name)' fBaskets") { r, cls, _ in
                try Self.embeddedBasket(&r, className: cls)
            }
            let basketBytes = try Self.array(&r, count: maxBaskets, used: writeBasket, width: 4)
            let basketEntry = try Self.array(&r, count: maxBaskets, used: writeBasket, width: 8)
            let basketSeek = try Self.array(&r, count: maxBaskets, used: writeBasket, width: 8)
            let fileName = try r.c.string()
            try r.finish(h, what: "TBranch '\(name)'")
            // TBranchElement's own members follow its TBranch base; the first is the streamed class's name.
            let elementClass = className == "TBranchElement" ? try? r.c.string() : nil

            let embeddedBaskets = embedded.compactMap { $0 }.compactMap { $0 }
            var d = Self.describe(leaves: leaves.compactMap { $0 })
            if className == "TBranchElement", let elementClass {
                d = Self.describe(elementClass: elementClass)
            } else if let classReason {
                d = Description(typeName: className, reason: classReason)
            }
            if !subBranches.isEmpty {
                d = Description(typeName: d.typeName, reason: "has \(subBranches.count) sub-branches (a split object)")
            }
            if !fileName.isEmpty {
                d = Description(typeName: d.typeName, reason: "its baskets are stored in another file, '\(fileName)'")
            }
            let info = ROOTBranchInfo(
                name: name, type: d.reason == nil ? d.element : nil, typeName: d.typeName,
                unsupportedReason: d.reason, compression: ROOTCompression(setting: compress), entries: entries,
                basketCount: writeBasket + embeddedBaskets.count, elementType: d.shape == nil ? nil : d.element,
                shape: d.shape)
            return BranchLayout(
                info: info, basketBytes: basketBytes, basketEntry: basketEntry, basketSeek: basketSeek,
                writeBasket: writeBasket, embedded: embeddedBaskets)
        } catch let e as ROOTError {
            throw e.with(tree: tree, branch: name)
        }
    }

    /// `[fMaxBaskets]` arrays are preceded by a byte saying whether the array is present. Only the
    /// first `used` (fWriteBasket) entries are kept; an absent array is allowed only when none is used,
    /// so that fMaxBaskets, a count the file declares, never sizes an allocation by itself.
    static func array(_ r: inout ObjectReader, count: Int, used: Int, width: Int) throws -> [Int] {
        let present = try r.c.u8()
        guard present != 0 else {
            guard used == 0 else { throw r.c.error("basket table absent, yet \(used) baskets were written") }
            return []
        }
        guard count <= r.c.remaining / width else {
            throw r.c.error("basket table of \(count) entries exceeds the record")
        }
        var out = [Int]()
        out.reserveCapacity(used)
        for _ in 0..<used { out.append(width == 4 ? try r.c.i32() : try r.c.i64()) }
        try r.c.skip((count - used) * width)
        return out
    }

    struct Leaf {
        let className: String
        let name: String
        let length: Int
        let isUnsigned: Bool
        let hasCounter: Bool
        /// The counter leaf's name, from the leaf itself or the one a back-reference points at.
        let counter: String?
    }

    static func leaf(_ r: inout ObjectReader, className: String) throws -> Leaf {
        let start = r.objectStart
        var outer: ObjectReader.Header? = nil
        if className != "TLeaf" { outer = try r.header() } // TLeafX wraps the TLeaf base
        let h = try r.header()
        guard h.version >= 2 else { throw r.c.error("TLeaf class version \(h.version) is too old (need 2)") }
        let (name, title) = try r.tNamedWithTitle()
        let length = try r.c.i32()
        try r.c.skip(4 + 4 + 1) // fLenType, fOffset, fIsRange
        let isUnsigned = try r.c.u8() != 0
        var reference = 0
        let counter = try r.anyObject(what: "leaf '\(name)' fLeafCount", reference: &reference) { r, cls, _ in
            try Self.leaf(&r, className: cls)
        }
        try r.finish(h, what: "TLeaf '\(name)'")
        if let outer { try r.finish(outer, what: "\(className) '\(name)'") }
        r.leafNames[start] = name
        let counterName = counter?.name ?? r.leafNames[reference] ?? (reference != 0 ? counterInTitle(title) : nil)
        return Leaf(
            className: className, name: name, length: length, isUnsigned: isUnsigned,
            hasCounter: counter != nil || reference != 0, counter: counterName)
    }

    /// `Jet_pt[nJet]` → `nJet`: the counter a leaf's title names, when its reference cannot be followed.
    static func counterInTitle(_ title: String) -> String? {
        guard let open = title.firstIndex(of: "["), let close = title[open...].firstIndex(of: "]") else { return nil }
        let inner = title[title.index(after: open)..<close]
        return inner.isEmpty || inner.allSatisfy(\.isNumber) ? nil : String(inner)
    }

    /// An embedded TBasket (TBasket::Streamer): a key-like header, the basket fields and a flag, the entry
    /// offsets when the flag says so, then the buffer of `fLast` bytes (a copy of the key, then the data).
    static func embeddedBasket(_ r: inout ObjectReader, className: String) throws -> EmbeddedBasket? {
        guard className == "TBasket" else { return nil }
        let start = r.c.position
        try r.c.skip(4 + 2 + 4 + 4) // fNbytes, key version, fObjlen, fDatime
        let keylen = try r.c.i16()
        guard keylen >= 19 else { throw r.c.error("embedded basket key length \(keylen)") }
        try r.c.seek(to: start + keylen - 19)
        try r.c.skip(2 + 4) // fVersion, fBufferSize
        if try r.c.i32() < 0 { try r.c.skip(1) } // a negative fNevBufSize is followed by fIOBits
        let entries = try r.c.i32()
        let last = try r.c.i32()
        var flag = Int(try r.c.u8())
        guard entries >= 0, last >= keylen else {
            throw r.c.error("embedded basket has \(entries) entries, fLast \(last)")
        }
        let generated = flag >= 80
        if generated { flag -= 80 }
        var offsets: [Int]? = nil
        if !generated, flag != 0, flag % 10 != 2 {
            if entries > 0 {
                let starts = try intArray(&r, what: "embedded basket entry offsets")
                guard starts.count >= entries else {
                    throw r.c.error("embedded basket has \(starts.count) entry offsets for \(entries) entries")
                }
                // Flags 21 to 39 keep displacement bits in the top byte of each offset.
                let mask = (20 < flag && flag < 40) ? 0x00FF_FFFF : -1
                offsets = starts.prefix(entries).map { ($0 & mask) - keylen } + [last - keylen]
            }
            if flag > 40 { _ = try intArray(&r, what: "embedded basket displacements") }
        }
        guard flag == 1 || flag > 10 else { return nil } // a header without its buffer
        try r.c.skip(keylen)
        let n = last - keylen
        try r.c.need(n)
        let data = Array(r.c.bytes[r.c.position..<r.c.position + n])
        try r.c.skip(n)
        return EmbeddedBasket(entries: entries, data: data, offsets: offsets)
    }

    /// `TBuffer::ReadArray` of Int_t: a count, then that many big-endian integers, bounded by the record.
    private static func intArray(_ r: inout ObjectReader, what: String) throws -> [Int] {
        let n = try r.c.i32()
        guard n >= 0, n <= r.c.remaining / 4 else { throw r.c.error("\(what): \(n) entries exceed the record") }
        var out = [Int]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try r.c.i32()) }
        return out
    }
}
