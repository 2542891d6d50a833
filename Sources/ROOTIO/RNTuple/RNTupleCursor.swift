/// A bounds-checked little-endian reader over one RNTuple envelope, with its frames and locators.
///
/// RNTuple's own structures are little-endian, unlike the big-endian ROOT records ``ByteCursor`` reads.
struct RNTupleCursor {
    let bytes: [UInt8]
    var position = 0
    /// Where byte 0 of `bytes` lies in the file (approximate inside a compressed envelope), for errors.
    let fileOffset: Int
    let file: String

    init(_ bytes: [UInt8], fileOffset: Int, file: String) {
        self.bytes = bytes
        self.fileOffset = fileOffset
        self.file = file
    }

    var remaining: Int { bytes.count - position }

    func error(_ message: String) -> ROOTError {
        ROOTError(.corrupt, file: file, offset: fileOffset + position, message)
    }

    mutating func need(_ n: Int) throws {
        guard n >= 0, n <= remaining else { throw error("envelope ends early: need \(n) bytes, \(remaining) left") }
    }

    mutating func seek(to p: Int) throws {
        guard p >= position, p <= bytes.count else { throw error("frame end \(p) outside the envelope") }
        position = p
    }

    mutating func le<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let n = MemoryLayout<T>.size
        try need(n)
        var v: T = 0
        for i in 0..<n { v |= T(truncatingIfNeeded: bytes[position + i]) << (8 * i) }
        position += n
        return v
    }

    mutating func u16() throws -> Int { Int(try le(UInt16.self)) }
    mutating func u32() throws -> Int { Int(try le(UInt32.self)) }
    mutating func i64() throws -> Int { Int(try le(Int64.self)) }
    mutating func u64() throws -> UInt64 { try le(UInt64.self) }

    /// A count or size stored as an unsigned 64-bit number, refused when it does not fit an `Int`.
    mutating func size64(_ what: String) throws -> Int {
        let v = try u64()
        guard v <= UInt64(Int.max) else { throw error("\(what) \(v) is out of range") }
        return Int(v)
    }

    /// A string: a 32-bit byte count, then UTF-8.
    mutating func string() throws -> String {
        let n = try u32()
        try need(n)
        defer { position += n }
        return String(decoding: bytes[position..<position + n], as: UTF8.self)
    }

    /// Opens a record frame; returns where it ends.
    mutating func record() throws -> Int {
        let start = position
        let size = try i64()
        guard size >= 8, size <= bytes.count - start else { throw error("record frame of \(size) bytes") }
        return start + size
    }

    /// Opens a list frame; returns where it ends and how many items it holds (each at least
    /// `minItem` bytes, so an absurd count is refused before anything is allocated for it).
    mutating func list(minItem: Int) throws -> (end: Int, count: Int) {
        let start = position
        let size = try i64()
        guard size < 0, -size >= 12, -size <= bytes.count - start else {
            throw error("expected a list frame, found a frame of size \(size)")
        }
        let count = try u32()
        let end = start - size
        guard count <= (end - position) / max(minItem, 1) else {
            throw error("list frame claims \(count) items in \(end - position) bytes")
        }
        return (end, count)
    }

    /// A locator: where a page or envelope lies in the file and how many bytes it takes there.
    mutating func locator() throws -> (offset: Int, size: Int) {
        let head = try le(Int32.self)
        if head >= 0 {
            return (try size64("locator offset"), Int(head))
        }
        let type = Int((UInt32(bitPattern: head) >> 24) & 0x7F)
        let own = Int(UInt32(bitPattern: head) & 0xFFFF)
        guard type == 0x01 else {
            throw ROOTError(
                .unsupported, file: file, offset: fileOffset + position,
                "locator of type \(type) (size \(own)); only in-file and large locators are read")
        }
        let size = try size64("large locator size")
        return (try size64("large locator offset"), size)
    }
}
