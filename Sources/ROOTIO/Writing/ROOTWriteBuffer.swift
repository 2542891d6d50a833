/// A big-endian byte buffer for ROOT records, with the byte-count headers ROOT puts in front of objects
/// patched in once the object's length is known.
struct ROOTWriteBuffer {
    var bytes: [UInt8] = []

    static let byteCountMask: UInt32 = 0x4000_0000
    static let newClassTag: UInt32 = 0xFFFF_FFFF
    /// TObject::fBits as files carry them (kNotDeleted).
    static let notDeleted: UInt32 = 0x0200_0000

    var count: Int { bytes.count }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func i16(_ v: Int) { u16(UInt16(truncatingIfNeeded: v)) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int) { u32(UInt32(truncatingIfNeeded: v)) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int) { withUnsafeBytes(of: Int64(v).bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.bigEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
    mutating func zeros(_ n: Int) { bytes.append(contentsOf: repeatElement(0, count: n)) }

    /// A ROOT string: one length byte, or 255 and a 4-byte length for 255 bytes or more.
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        if utf8.count < 255 {
            u8(UInt8(utf8.count))
        } else {
            u8(255)
            i32(utf8.count)
        }
        append(utf8)
    }

    static func stringSize(_ s: String) -> Int {
        let n = s.utf8.count
        return (n < 255 ? 1 : 5) + n
    }

    /// Reserves a byte count and writes the class version; `endObject` fills the count in.
    mutating func beginObject(version: Int) -> Int {
        let at = count
        u32(0)
        i16(version)
        return at
    }

    mutating func endObject(_ at: Int) {
        patch(u32: UInt32(count - at - 4) | Self.byteCountMask, at: at)
    }

    /// `WriteObjectAny` of a new class: a byte count, the new-class tag and the class name; returns where the
    /// byte count is, which `endObject` fills and which a later reference to the object is built from.
    mutating func beginAnyObject(className: String) -> Int {
        let at = count
        u32(0)
        u32(Self.newClassTag)
        append(Array(className.utf8) + [0])
        return at
    }

    /// TObject as streamed inside another object: version 1, no unique id, no byte count.
    mutating func tObject(bits: UInt32 = notDeleted) {
        i16(1)
        u32(0)
        u32(bits)
    }

    mutating func tNamed(_ name: String, _ title: String, bits: UInt32 = notDeleted) {
        let at = beginObject(version: 1)
        tObject(bits: bits)
        string(name)
        string(title)
        endObject(at)
    }

    /// A TObjArray header (version 3, no name) and its element count; the caller appends the elements.
    mutating func beginObjArray(elements: Int) -> Int {
        let at = beginObject(version: 3)
        tObject()
        string("")
        i32(elements)
        i32(0) // fLowerBound
        return at
    }

    mutating func patch(u32 v: UInt32, at i: Int) {
        withUnsafeBytes(of: v.bigEndian) { b in for k in 0..<4 { bytes[i + k] = b[k] } }
    }

    mutating func patch(i32 v: Int, at i: Int) { patch(u32: UInt32(truncatingIfNeeded: v), at: i) }

    mutating func patch(i64 v: Int, at i: Int) {
        withUnsafeBytes(of: Int64(v).bigEndian) { b in for k in 0..<8 { bytes[i + k] = b[k] } }
    }
}
