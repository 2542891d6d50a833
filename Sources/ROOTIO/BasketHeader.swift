/// One basket of a branch as its layout places it: the record's bytes, its key and the TBasket
/// fields that end the key header. The flat and the jagged reader both start every basket here, so
/// the sizes a file states are checked against each other in one place before either trusts them.
struct BasketHeader {
    /// The whole record, key header included.
    let record: [UInt8]
    let key: ROOTKey
    /// fNevBuf: the entries the basket says it holds.
    let entries: Int
    /// fLast less the key length: where the entries' data end and any entry-offset table begins.
    let border: Int

    /// Bytes stored after the key header (compressed, or raw when equal to `key.objlen`).
    var stored: Int { record.count - key.keylen }

    /// Reads basket `index` of `layout`; a size that disagrees with the branch is `corrupt(message, offset)`.
    init(
        basket index: Int, of layout: BranchLayout, in source: ROOTFileReader,
        corrupt: (String, Int) -> ROOTError
    ) throws {
        let seek = layout.basketSeek[index]
        let nbytes = layout.basketBytes[index]
        guard nbytes > 0, nbytes <= ROOTKey.maxObjectSize else {
            throw corrupt("basket \(index) has size \(nbytes)", seek)
        }
        record = try source.bytes(at: seek, count: nbytes)
        var c = ByteCursor(record, fileOffset: seek, file: source.path)
        key = try ROOTKey(from: &c, position: seek)
        // A basket's key header ends with 19 bytes of TBasket fields; ROOTKey already keeps nbytes ≥ keylen.
        guard key.nbytes == nbytes, key.keylen >= 19 else {
            throw corrupt("basket \(index) key says \(key.nbytes) bytes, the branch \(nbytes)", seek)
        }
        try c.seek(to: key.keylen - 19)
        try c.skip(2 + 4 + 4) // fVersion, fBufferSize, fNevBufSize
        entries = try c.i32()
        border = try c.i32() - key.keylen
    }
}
