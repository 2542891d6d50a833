/// A bounds-checked big-endian reader over one in-memory record (a key, a directory, a TTree object).
///
/// ROOT's object references are positions measured from the start of the record's key, so the cursor
/// keeps `origin`: the displacement of byte 0 of `bytes` in that frame (the key length for object payloads).
struct ByteCursor {
    let bytes: [UInt8]
    var position: Int = 0
    /// Where the record starts in the file, for error offsets (approximate for decompressed payloads).
    let fileOffset: Int
    /// Added to `position` to get ROOT's in-buffer displacement used by object references.
    let origin: Int
    let file: String

    init(_ bytes: [UInt8], fileOffset: Int, origin: Int = 0, file: String) {
        self.bytes = bytes
        self.fileOffset = fileOffset
        self.origin = origin
        self.file = file
    }

    var remaining: Int { bytes.count - position }
    var displacement: Int { position + origin }

    func error(_ message: String) -> ROOTError {
        ROOTError(.corrupt, file: file, offset: fileOffset + position, message)
    }

    mutating func need(_ n: Int) throws {
        guard n >= 0, n <= remaining else {
            throw error("record ends early: need \(n) bytes, \(remaining) left")
        }
    }

    mutating func skip(_ n: Int) throws {
        try need(n)
        position += n
    }

    mutating func seek(to p: Int) throws {
        guard p >= 0, p <= bytes.count else { throw error("jump to \(p) outside a record of \(bytes.count) bytes") }
        position = p
    }

    mutating func u8() throws -> UInt8 {
        try need(1)
        defer { position += 1 }
        return bytes[position]
    }

    mutating func be<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let n = MemoryLayout<T>.size
        try need(n)
        var v: T = 0
        for i in 0..<n { v = (v << 8) | T(truncatingIfNeeded: bytes[position + i]) }
        position += n
        return v
    }

    mutating func i16() throws -> Int { Int(try be(Int16.self)) }
    mutating func i32() throws -> Int { Int(try be(Int32.self)) }
    mutating func u32() throws -> UInt32 { try be(UInt32.self) }
    mutating func i64() throws -> Int { Int(try be(Int64.self)) }

    /// A seek pointer: 64-bit when the owning record is in the large-file form, else 32-bit.
    mutating func seekPointer(large: Bool) throws -> Int { large ? try i64() : try i32() }

    /// A TString: one length byte, or 255 followed by a 32-bit length.
    mutating func string() throws -> String {
        var n = Int(try u8())
        if n == 255 { n = try i32() }
        guard n >= 0 else { throw error("negative string length \(n)") }
        try need(n)
        defer { position += n }
        return String(decoding: bytes[position..<position + n], as: UTF8.self)
    }

    /// A NUL-terminated C string (class names in object tags), capped to stop runaway scans.
    mutating func cString(max: Int = 1024) throws -> String {
        let start = position
        var end = start
        while end < bytes.count, bytes[end] != 0 {
            end += 1
            if end - start > max { throw error("class name longer than \(max) bytes") }
        }
        guard end < bytes.count else { throw error("class name not terminated") }
        position = end + 1
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
