import CXXHash

/// The `ROOT::RNTuple` object in a file's key list: the format version and where the header and
/// footer envelopes are. Its integers and its XXH3 checksum are big-endian, like every TFile record.
struct RNTupleAnchor: Sendable, Equatable {
    var epoch = 0, major = 0, minor = 0, patch = 0
    var seekHeader = 0, nbytesHeader = 0, lenHeader = 0
    var seekFooter = 0, nbytesFooter = 0, lenFooter = 0
    var maxKeySize = 0

    /// The anchor's fields: four 16-bit version numbers and seven 64-bit numbers.
    static let fieldBytes = 4 * 2 + 7 * 8

    /// Parses the anchor from its key's payload (a byte count and class version first), checking its checksum.
    init(payload: [UInt8], file: String, offset: Int) throws {
        var c = ByteCursor(payload, fileOffset: offset, file: file)
        let count = try c.be(UInt32.self)
        guard count & 0x4000_0000 != 0 else {
            throw ROOTError(.corrupt, file: file, offset: offset, "RNTuple anchor has no byte count")
        }
        _ = try c.i16() // class version
        let start = c.position
        epoch = try c.i16()
        major = try c.i16()
        minor = try c.i16()
        patch = try c.i16()
        func u64() throws -> Int {
            let v = try c.be(UInt64.self)
            guard v <= UInt64(Int.max) else { throw c.error("RNTuple anchor holds \(v)") }
            return Int(v)
        }
        seekHeader = try u64()
        nbytesHeader = try u64()
        lenHeader = try u64()
        seekFooter = try u64()
        nbytesFooter = try u64()
        lenFooter = try u64()
        maxKeySize = try u64()
        let stored = try c.be(UInt64.self)
        let computed = payload.withUnsafeBytes { XXH3_64bits($0.baseAddress! + start, Self.fieldBytes) }
        guard stored == computed else {
            throw ROOTError(
                .decompression, file: file, offset: offset,
                "RNTuple anchor checksum mismatch: stored xxhash3 \(hex(stored)), computed \(hex(computed))")
        }
        guard epoch == 1 else {
            throw ROOTError(
                .unsupported, file: file, offset: offset,
                "RNTuple format version \(epoch).\(major).\(minor).\(patch); only epoch 1 (ROOT 6.34 on) is read")
        }
    }
}

/// A 64-bit checksum as 16 hex digits.
func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - s.count) + s
}
