/// A TKey: the header in front of every object record in a ROOT file.
struct ROOTKey: Sendable {
    /// Record size on disk, header included.
    let nbytes: Int
    let version: Int
    /// Size of the object once decompressed.
    let objlen: Int
    /// Header length; the object's bytes start this far after `seekKey`.
    let keylen: Int
    let cycle: Int
    let seekKey: Int
    let className: String
    let name: String
    let title: String
    /// Where this header was read from.
    let position: Int

    /// Objects larger than this are refused as corrupt rather than allocated.
    static let maxObjectSize = 1 << 30

    /// Parses a key header at the cursor (used for keys inside a directory's key list and for basket headers).
    init(from c: inout ByteCursor, position: Int) throws {
        self.position = position
        nbytes = try c.i32()
        version = try c.i16()
        objlen = try c.i32()
        _ = try c.u32() // fDatime
        keylen = try c.i16()
        cycle = try c.i16()
        let large = version > 1000
        seekKey = try c.seekPointer(large: large)
        _ = try c.seekPointer(large: large) // fSeekPdir
        className = try c.string()
        name = try c.string()
        title = try c.string()
        guard keylen > 0, nbytes >= keylen, objlen >= 0, objlen <= Self.maxObjectSize else {
            throw ROOTError(
                .corrupt, file: c.file, offset: position,
                "key '\(name)' has inconsistent sizes (nbytes \(nbytes), keylen \(keylen), objlen \(objlen))")
        }
    }

    /// Reads the key header stored at `seek` in the file.
    static func read(_ source: ROOTFileReader, at seek: Int) throws -> ROOTKey {
        // A key header is at most 4+2+4+4+2+2+8+8 plus three strings; 4 KiB covers any sane one.
        let head = try source.bytes(at: seek, count: min(4096, max(0, source.size - seek)))
        var c = ByteCursor(head, fileOffset: seek, file: source.path)
        return try ROOTKey(from: &c, position: seek)
    }

    /// The object's bytes, decompressed when the record is compressed.
    func payload(_ source: ROOTFileReader) throws -> [UInt8] {
        let stored = nbytes - keylen
        let raw = try source.bytes(at: seekKey + keylen, count: stored)
        if stored == objlen { return raw }
        guard objlen > 0, objlen <= ROOTLimits.maxExpansion(of: stored) else {
            throw ROOTError(
                .corrupt, file: source.path, offset: position,
                "key '\(name)' claims \(objlen) bytes from \(stored) stored "
                    + "(at most \(ROOTLimits.maxCompressionRatio):1)"
            )
        }
        return try [UInt8](unsafeUninitializedCapacity: objlen) { out, initialized in
            try raw.withUnsafeBytes { input in
                try ROOTDecompressor.decompress(
                    input, into: UnsafeMutableRawPointer(out.baseAddress!), outputCount: objlen,
                    file: source.path, fileOffset: seekKey + keylen)
            }
            initialized = objlen
        }
    }
}
