extension ROOTWriter {
    /// Where one branch's baskets went: ROOT's fBasketSeek, fBasketBytes and fBasketEntry, and its byte totals.
    struct BranchBaskets {
        var seek: [Int] = []
        var bytes: [Int] = []
        var firstEntry: [Int] = []
        var totBytes = 0
        var zipBytes = 0
    }

    /// One basket serialized and compressed, waiting for its place in the file.
    struct PreparedBasket: Sendable {
        var branch: String
        var firstEntry: Int
        var entries: Int
        var keylen: Int
        var objlen: Int
        /// The values' bytes, before any entry-offset table.
        var dataBytes: Int
        var entrySize: Int
        var stored: [UInt8]
    }

    /// The basket of `branch` holding entries `range`: the values (for a collection followed by each entry's
    /// start, counted from the key), compressed. Independent of where it lands, so baskets compress in parallel.
    func prepareBasket(
        _ branch: ROOTWriteBranch, tree: String, entries range: Range<Int>
    ) throws(ROOTWriteError) -> PreparedBasket {
        let keylen = Self.keyLength(className: "TBasket", name: branch.name, title: tree) + 19
        let size = branch.values.type.size
        let values = branch.offsets.map { $0[range.lowerBound]..<$0[range.upperBound] } ?? range
        let dataBytes = values.count.multipliedReportingOverflow(by: size)
        let tableBytes = branch.offsets == nil ? 0 : 4 * (range.count + 2)
        guard !dataBytes.overflow, dataBytes.partialValue + tableBytes + keylen <= recordLimit else {
            throw ROOTWriteError(
                .tooLarge, tree: tree, branch: branch.name,
                "a basket of entries \(range.lowerBound)..<\(range.upperBound) would exceed \(recordLimit) "
                    + "bytes; write fewer entries per basket")
        }
        var raw = ROOTWriteBuffer()
        raw.append(branch.values.bigEndianBytes(values))
        let data = raw.count
        var entrySize = size
        if let offsets = branch.offsets {
            raw.i32(range.count + 1)
            var widest = 0
            for i in range {
                raw.i32(keylen + (offsets[i] - values.lowerBound) * size)
                widest = max(widest, (offsets[i + 1] - offsets[i]) * size)
            }
            raw.i32(keylen + data)
            entrySize = widest
        }
        return PreparedBasket(
            branch: branch.name, firstEntry: range.lowerBound, entries: range.count, keylen: keylen,
            objlen: raw.count, dataBytes: data, entrySize: entrySize, stored: compress(raw.bytes) ?? raw.bytes)
    }

    /// Appends a prepared basket: a key whose header ends with the TBasket fields, then its stored bytes.
    func append(_ b: PreparedBasket, tree: String, into out: inout ROOTWriteBuffer, record: inout BranchBaskets) {
        let k = KeyFields(
            nbytes: b.keylen + b.stored.count, objlen: b.objlen, keylen: b.keylen, cycle: 0, seek: out.count,
            parent: Self.begin)
        out.append(Self.keyHeader(k, className: "TBasket", name: b.branch, title: tree))
        out.i16(3) // TBasket version
        out.i32(32000) // fBufferSize
        out.i32(b.entrySize) // fNevBufSize
        out.i32(b.entries) // fNevBuf
        out.i32(b.keylen + b.dataBytes) // fLast: where the values end
        out.u8(0)
        out.append(b.stored)
        record.seek.append(k.seek)
        record.bytes.append(k.nbytes)
        record.firstEntry.append(b.firstEntry)
        record.totBytes += b.keylen + b.objlen
        record.zipBytes += k.nbytes
    }
}
