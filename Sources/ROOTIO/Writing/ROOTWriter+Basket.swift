extension ROOTWriter {
    /// Where one branch's baskets went: ROOT's fBasketSeek, fBasketBytes and fBasketEntry, and its byte totals.
    struct BranchBaskets {
        var seek: [Int] = []
        var bytes: [Int] = []
        var firstEntry: [Int] = []
        var totBytes = 0
        var zipBytes = 0
    }

    /// Appends the basket of `branch` holding entries `range`: a key whose header ends with the TBasket fields,
    /// then the values (for a collection followed by each entry's start, counted from the key), compressed.
    func writeBasket(
        _ branch: ROOTWriteBranch, tree: String, entries range: Range<Int>, into out: inout ROOTWriteBuffer,
        record: inout BranchBaskets
    ) throws(ROOTWriteError) {
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
        let last = keylen + raw.count
        var entrySize = size
        if let offsets = branch.offsets {
            raw.i32(range.count + 1)
            var widest = 0
            for i in range {
                raw.i32(keylen + (offsets[i] - values.lowerBound) * size)
                widest = max(widest, (offsets[i + 1] - offsets[i]) * size)
            }
            raw.i32(last)
            entrySize = widest
        }
        let stored = compress(raw.bytes) ?? raw.bytes
        let k = KeyFields(
            nbytes: keylen + stored.count, objlen: raw.count, keylen: keylen, cycle: 0, seek: out.count,
            parent: Self.begin)
        out.append(Self.keyHeader(k, className: "TBasket", name: branch.name, title: tree))
        out.i16(3) // TBasket version
        out.i32(32000) // fBufferSize
        out.i32(entrySize) // fNevBufSize
        out.i32(range.count) // fNevBuf
        out.i32(last) // fLast
        out.u8(0)
        out.append(stored)
        record.seek.append(k.seek)
        record.bytes.append(k.nbytes)
        record.firstEntry.append(range.lowerBound)
        record.totBytes += keylen + raw.count
        record.zipBytes += k.nbytes
    }
}
