import CXXHash

/// Reads RNTuple envelopes (header, footer, page lists) and pages: their bytes in the file,
/// decompressed, and their XXH3 checksums verified.
struct RNTupleEnvelope {
    enum Kind: Int {
        case header = 1, footer = 2, pageList = 3
    }

    /// The envelope's payload (after its type/length word, before its checksum), with the XXH3 of the
    /// whole envelope, which the footer and page lists quote to tie themselves to the header.
    let payload: RNTupleCursor
    let checksum: UInt64

    /// Reads the `kind` envelope stored as `stored` bytes at `offset` that expands to `length` bytes.
    init(_ kind: Kind, source: ROOTFileReader, offset: Int, stored: Int, length: Int) throws {
        let bytes = try Self.block(source: source, offset: offset, stored: stored, length: length, what: "\(kind)")
        let file = source.path
        guard length >= 16 else {
            throw ROOTError(.corrupt, file: file, offset: offset, "\(kind) envelope of \(length) bytes")
        }
        var c = RNTupleCursor(bytes, fileOffset: offset, file: file)
        let word = try c.u64()
        let type = Int(word & 0xFFFF)
        let declared = Int(word >> 16)
        guard type == kind.rawValue, declared == length else {
            throw ROOTError(
                .corrupt, file: file, offset: offset,
                "expected a \(kind) envelope of \(length) bytes, found type \(type) of \(declared) bytes")
        }
        var tail = RNTupleCursor(bytes, fileOffset: offset, file: file)
        try tail.seek(to: length - 8)
        let stored = try tail.u64()
        let computed = bytes.withUnsafeBytes { XXH3_64bits($0.baseAddress!, length - 8) }
        guard stored == computed else {
            throw ROOTError(
                .decompression, file: file, offset: offset,
                "\(kind) envelope checksum mismatch: stored xxhash3 \(hex(stored)), computed \(hex(computed))")
        }
        checksum = computed
        payload = RNTupleCursor(Array(bytes[8..<(length - 8)]), fileOffset: offset + 8, file: file)
    }

    /// The XXH3 (64-bit, seed 0) of `bytes`, as envelopes, pages and the anchor store it.
    static func xxh3(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
    }

    /// The `length` bytes that the `stored` bytes at `offset` stand for: the bytes themselves when the
    /// sizes agree, else ROOT's compressed blocks expanded (refused beyond ``ROOTLimits``).
    static func block(source: ROOTFileReader, offset: Int, stored: Int, length: Int, what: String) throws -> [UInt8] {
        let raw = try source.bytes(at: offset, count: stored)
        if stored == length { return raw }
        guard length > 0, length <= ROOTLimits.maxExpansion(of: stored) else {
            throw ROOTError(
                .corrupt, file: source.path, offset: offset,
                "\(what) claims \(length) bytes from \(stored) stored (at most \(ROOTLimits.maxCompressionRatio):1)")
        }
        return try [UInt8](unsafeUninitializedCapacity: length) { out, initialized in
            try raw.withUnsafeBytes { input in
                try ROOTDecompressor.decompress(
                    input, into: UnsafeMutableRawPointer(out.baseAddress!), outputCount: length,
                    file: source.path, fileOffset: offset)
            }
            initialized = length
        }
    }
}
