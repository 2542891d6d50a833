/// Writes TTrees of flat branches and NanoAOD-style counted collections as a ROOT file that ROOT, uproot and
/// ``ROOTFile`` read: a small-format header, one top directory holding the trees, each branch's values in
/// baskets of ``basketEntries`` entries compressed with zlib, a key list, and the free-segments record.
///
/// The bytes depend only on the input: every date is a fixed one and the UUIDs are zero, so the same trees
/// give the same file. The StreamerInfo list is written empty: TTree 20, TBranch 13, TLeaf 2 and TLeaf*
/// 1 are the versions ROOT 6 and uproot build in, so neither needs it to read the trees back.
public struct ROOTWriter: Sendable {
    /// zlib level 1–9, or 0 to store baskets uncompressed.
    public let compressionLevel: Int
    /// Entries per basket (and per cluster, since every branch breaks at the same entries).
    public let basketEntries: Int
    /// The largest record written, uncompressed; tests lower it to reach the limit without gigabytes.
    var recordLimit = maxRecord

    /// A writer with zlib at `compressionLevel` (0 stores raw) and `basketEntries` entries per basket.
    public init(compressionLevel: Int = 1, basketEntries: Int = 10_000) {
        self.compressionLevel = compressionLevel
        self.basketEntries = basketEntries
    }

    /// Where the top directory's key starts, as in every ROOT file.
    static let begin = 100
    /// ROOT 6.24/00, the release whose class versions these records follow.
    static let rootVersion = 62400
    /// 2026-01-01 00:00:00 as a TDatime, so that the same trees always give the same bytes.
    static let datime: UInt32 = (31 << 26) | (1 << 22) | (1 << 17)
    /// Beyond this a file needs 64-bit pointers in its header and free segments.
    static let startBigFile = 2_000_000_000
    /// The largest basket or object record accepted, uncompressed (the reader's limit too).
    static let maxRecord = 1 << 30

    /// `fCompress`: zlib (algorithm 1) × 100 + level, or 0 for none.
    var compressionSetting: Int { compressionLevel == 0 ? 0 : 100 + compressionLevel }

    /// The file's bytes for `trees`, whose names must differ; `fileName` is what the file's top directory is
    /// called (ROOT stores the name the file was created under).
    public func data(_ trees: [ROOTWriteTree], fileName: String) throws(ROOTWriteError) -> [UInt8] {
        guard (0...9).contains(compressionLevel) else {
            throw ROOTWriteError(.invalidSetting, "zlib compression level must be 0 to 9, got \(compressionLevel)")
        }
        guard basketEntries > 0, basketEntries <= recordLimit else {
            throw ROOTWriteError(
                .invalidSetting, "entries per basket must be 1 to \(recordLimit), got \(basketEntries)")
        }
        var names = Set<String>()
        for t in trees where !names.insert(t.name).inserted {
            throw ROOTWriteError(.invalidName, tree: t.name, "the file has two trees of this name")
        }
        var out = ROOTWriteBuffer()
        out.zeros(Self.begin)
        let directory = writeTopDirectory(&out, fileName: fileName)
        let streamers = writeRecord(
            &out, className: "TList", name: "StreamerInfo", title: "Doubly linked list", payload: emptyTList(),
            cycle: 1)
        var keys: [[UInt8]] = []
        for tree in trees { keys.append(try writeTree(tree, into: &out)) }
        var list = ROOTWriteBuffer()
        list.i32(keys.count)
        for k in keys { list.append(k) }
        let keyList = writeRecord(&out, className: "TFile", name: fileName, title: "", payload: list.bytes, cycle: 1)
        // The free-segments record says the file's space ends where the record itself ends.
        let freeKeylen = Self.keyLength(className: "TFile", name: fileName, title: "")
        let freeSize = 2 + 4 + 4
        let end = out.count + freeKeylen + freeSize
        guard end < Self.startBigFile else {
            throw ROOTWriteError(.tooLarge, "the file would be \(end) bytes; this writer stops at 2 GB")
        }
        var free = ROOTWriteBuffer()
        free.i16(1)
        free.i32(end)
        free.i32(Self.startBigFile)
        let freeRecord = writeRecord(&out, className: "TFile", name: fileName, title: "", payload: free.bytes, cycle: 1)
        out.patch(i32: keyList.nbytes, at: directory.nbytesKeys)
        out.patch(i64: keyList.seek, at: directory.seekKeys)
        writeHeader(&out, end: end, free: freeRecord, streamers: streamers, nbytesName: directory.nbytesName)
        return out.bytes
    }

    /// The file header in the first 100 bytes (32-bit pointers: the file is under 2 GB).
    private func writeHeader(
        _ out: inout ROOTWriteBuffer, end: Int, free: Record, streamers: Record, nbytesName: Int
    ) {
        var h = ROOTWriteBuffer()
        h.append(Array("root".utf8))
        h.i32(Self.rootVersion)
        h.i32(Self.begin)
        h.i32(end)
        h.i32(free.seek)
        h.i32(free.nbytes)
        h.i32(1) // nfree
        h.i32(nbytesName)
        h.u8(4) // fUnits: 4-byte pointers
        h.i32(compressionSetting)
        h.i32(streamers.seek)
        h.i32(streamers.nbytes)
        h.i16(1) // TUUID version
        h.zeros(16)
        out.bytes.replaceSubrange(0..<h.count, with: h.bytes)
    }

    /// A TList with no elements, as the StreamerInfo record.
    private func emptyTList() -> [UInt8] {
        var w = ROOTWriteBuffer()
        let at = w.beginObject(version: 5)
        w.tObject()
        w.string("") // fName
        w.i32(0) // nobjects
        w.endObject(at)
        return w.bytes
    }
}
