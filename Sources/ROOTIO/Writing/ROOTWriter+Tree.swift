import Dispatch
import Synchronization

extension ROOTWriter {
    /// Writes `tree`'s baskets (cluster after cluster, every branch in each) and then the TTree record;
    /// returns the tree's key header for the directory's key list.
    func writeTree(_ tree: ROOTWriteTree, into out: inout ROOTWriteBuffer) throws(ROOTWriteError) -> [UInt8] {
        let entries = try tree.validatedEntries()
        var baskets = Array(repeating: BranchBaskets(), count: tree.branches.count)
        let ranges = stride(from: 0, to: entries, by: basketEntries).map { $0..<min(entries, $0 + basketEntries) }
        let jobs = ranges.flatMap { r in tree.branches.indices.map { (range: r, branch: $0) } }
        // Baskets are serialized and compressed in parallel, a batch at a time to bound memory, then appended
        // in cluster order, so the bytes do not depend on the thread count.
        let batch = 64
        for start in stride(from: 0, to: jobs.count, by: batch) {
            let slice = Array(jobs[start..<min(jobs.count, start + batch)])
            let prepared = try prepareInParallel(slice.map { (tree.branches[$0.branch], $0.range) }, tree: tree.name)
            for (job, basket) in zip(slice, prepared) {
                append(basket, tree: tree.name, into: &out, record: &baskets[job.branch])
            }
        }
        let keylen = Self.keyLength(className: "TTree", name: tree.name, title: tree.title)
        let payload = treeObject(tree, entries: entries, baskets: baskets, keylen: keylen)
        guard payload.count <= recordLimit else {
            throw ROOTWriteError(.tooLarge, tree: tree.name, "the TTree record would exceed \(recordLimit) bytes")
        }
        let r = writeRecord(
            &out, className: "TTree", name: tree.name, title: tree.title, payload: payload, cycle: 1, compressed: true)
        return Array(out.bytes[r.seek..<r.seek + keylen])
    }

    private func prepareInParallel(
        _ work: [(ROOTWriteBranch, Range<Int>)], tree: String
    ) throws(ROOTWriteError) -> [PreparedBasket] {
        let results = Mutex<[Int: Result<PreparedBasket, ROOTWriteError>]>([:])
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            let r = Result { () throws(ROOTWriteError) in try prepareBasket(work[i].0, tree: tree, entries: work[i].1) }
            results.withLock { $0[i] = r }
        }
        let done = results.withLock { $0 }
        var out: [PreparedBasket] = []
        out.reserveCapacity(work.count)
        for i in work.indices {
            switch done[i] {
            case .success(let b): out.append(b)
            case .failure(let e): throw e
            case nil: throw ROOTWriteError(.inconsistent, tree: tree, "a basket was not prepared")
            }
        }
        return out
    }

    /// The TTree object (class version 20); object references count from the key's start, `keylen` before it.
    func treeObject(_ tree: ROOTWriteTree, entries: Int, baskets: [BranchBaskets], keylen: Int) -> [UInt8] {
        var w = ROOTWriteBuffer()
        let t = w.beginObject(version: 20)
        w.tNamed(tree.name, tree.title)
        let line = w.beginObject(version: 2) // TAttLine: color 602, style 1, width 1
        for v in [602, 1, 1] { w.i16(v) }
        w.endObject(line)
        let fill = w.beginObject(version: 2) // TAttFill: color 0, style 1001
        for v in [0, 1001] { w.i16(v) }
        w.endObject(fill)
        let marker = w.beginObject(version: 2) // TAttMarker: color 1, style 1, size 1
        for v in [1, 1] { w.i16(v) }
        w.u32(Float(1).bitPattern)
        w.endObject(marker)
        let tot = baskets.reduce(0) { $0 + $1.totBytes }
        let zipped = baskets.reduce(0) { $0 + $1.zipBytes }
        for v in [entries, tot, zipped, zipped, zipped] { w.i64(v) } // fEntries, fTotBytes, fZipBytes, fSaved, fFlushed
        w.f64(1) // fWeight
        for v in [0, 25, 0, 1000, 0] { w.i32(v) } // fTimerInterval, fScanField, fUpdate, offset length, ranges
        // fMaxEntries, fMaxEntryLoop, fMaxVirtualSize, fAutoSave, fAutoFlush (entries per cluster), fEstimate
        for v in [1_000_000_000_000, 1_000_000_000_000, 0, -300_000_000, basketEntries, 1_000_000] { w.i64(v) }
        w.u8(0) // no fClusterRangeEnd
        w.u8(0) // no fClusterSize
        Self.ioFeatures(&w)
        var leafTags: [String: UInt32] = [:]
        let counters = Set(tree.branches.compactMap(\.counter))
        let list = w.beginObjArray(elements: tree.branches.count)
        for (b, record) in zip(tree.branches, baskets) {
            branchObject(
                &w, b, entries: entries, baskets: record, keylen: keylen, isCounter: counters.contains(b.name),
                leafTags: &leafTags)
        }
        w.endObject(list)
        // fLeaves: every leaf again, as references to the objects just written.
        let leaves = w.beginObjArray(elements: tree.branches.count)
        for b in tree.branches { w.u32(leafTags[b.name] ?? 0) }
        w.endObject(leaves)
        // fAliases, fIndexValues, fIndex, fTreeIndex, fFriends, fUserInfo, fBranchRef: all null or empty.
        w.zeros(7 * 4)
        w.endObject(t)
        return w.bytes
    }

    /// TIOFeatures, streamed with its class checksum in place of a version, and no feature bits set.
    static func ioFeatures(_ w: inout ROOTWriteBuffer) {
        let at = w.beginObject(version: 0)
        w.u32(0x1AA1_2F10)
        w.u8(0)
        w.endObject(at)
    }

    private func branchObject(
        _ w: inout ROOTWriteBuffer, _ b: ROOTWriteBranch, entries: Int, baskets: BranchBaskets, keylen: Int,
        isCounter: Bool, leafTags: inout [String: UInt32]
    ) {
        let any = w.beginAnyObject(className: "TBranch")
        let branch = w.beginObject(version: 13)
        w.tNamed(b.name, b.branchTitle)
        let fill = w.beginObject(version: 2)
        for v in [0, 1001] { w.i16(v) }
        w.endObject(fill)
        let n = baskets.seek.count
        // fCompress, fBasketSize, fEntryOffsetLen, fWriteBasket, then fEntryNumber
        for v in [compressionSetting, 32000, b.offsets == nil ? 0 : 1000, n] { w.i32(v) }
        w.i64(entries)
        Self.ioFeatures(&w)
        for v in [0, n + 1, 0] { w.i32(v) } // fOffset, fMaxBaskets, fSplitLevel
        for v in [entries, 0, baskets.totBytes, baskets.zipBytes] { w.i64(v) } // fEntries, fFirstEntry, totals
        w.endObject(w.beginObjArray(elements: 0)) // no sub-branches
        let leaves = w.beginObjArray(elements: 1)
        leafObject(&w, b, keylen: keylen, isCounter: isCounter, leafTags: &leafTags)
        w.endObject(leaves)
        w.endObject(w.beginObjArray(elements: 0)) // no baskets kept in the tree
        // fBasketBytes, fBasketEntry, fBasketSeek: fMaxBaskets = n + 1 slots, the last for the next basket.
        w.u8(1)
        for v in baskets.bytes + [0] { w.i32(v) }
        w.u8(1)
        for v in baskets.firstEntry + [entries] { w.i64(v) }
        w.u8(1)
        for v in baskets.seek + [0] { w.i64(v) }
        w.string("") // fFileName: baskets are in this file
        w.endObject(branch)
        w.endObject(any)
    }

    private func leafObject(
        _ w: inout ROOTWriteBuffer, _ b: ROOTWriteBranch, keylen: Int, isCounter: Bool,
        leafTags: inout [String: UInt32]
    ) {
        let type = b.values.type
        let any = w.beginAnyObject(className: ROOTWriteBranch.leafClass(type))
        // ROOT maps an object at its byte count's displacement from the key's start, plus 2 (kMapOffset).
        leafTags[b.name] = UInt32(keylen + any + 2)
        let outer = w.beginObject(version: 1)
        let leaf = w.beginObject(version: 2)
        w.tNamed(b.name, b.leafTitle)
        w.i32(1) // fLen
        w.i32(type.size) // fLenType
        w.i32(0) // fOffset
        w.bool(isCounter) // fIsRange: fMaximum bounds the collections this leaf counts
        w.bool(ROOTWriteBranch.isUnsigned(type))
        w.u32(b.counter.flatMap { leafTags[$0] } ?? 0) // fLeafCount: a reference to the counter's leaf, or null
        w.endObject(leaf)
        // fMinimum, fMaximum in the leaf's type; a counter's maximum sizes ROOT's buffers for its collections.
        w.zeros(type.size)
        if isCounter, case .int32(let counts) = b.values { w.i32(Int(counts.max() ?? 0)) } else { w.zeros(type.size) }
        w.endObject(outer)
        w.endObject(any)
    }
}
