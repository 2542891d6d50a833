/// Reads ROOT's generic object serialization: version headers with byte counts, TObject, TNamed,
/// TObjArray, and the class tags of `WriteObjectAny` (new class by name, or a reference to one seen before).
struct ObjectReader {
    var c: ByteCursor
    /// Class names by the displacement ROOT uses to refer back to them.
    private var classes: [Int: String] = [:]
    /// The displacement ROOT maps the object being read under (its start plus `mapOffset`), which a
    /// later reference to it carries; set just before `anyObject` hands the object to its reader.
    private(set) var objectStart = 0
    /// Names of the leaves read so far, by `objectStart`, so that a counter leaf written as a
    /// back-reference (`fLeafCount`) can be named.
    var leafNames: [Int: String] = [:]

    static let byteCountMask: UInt32 = 0x4000_0000
    static let classMask: UInt32 = 0x8000_0000
    static let newClassTag: UInt32 = 0xFFFF_FFFF
    static let mapOffset = 2

    init(_ cursor: ByteCursor) { c = cursor }

    /// A version header; `end` is where the object ends when it carries a byte count.
    struct Header {
        let version: Int
        let end: Int?
    }

    mutating func header() throws -> Header {
        let start = c.position
        let first = try c.be(UInt32.self)
        if first & Self.byteCountMask != 0 {
            let count = Int(first & ~Self.byteCountMask)
            let end = start + 4 + count
            guard end <= c.bytes.count, count >= 2 else {
                throw c.error("byte count \(count) runs past the end of the record")
            }
            return Header(version: try c.i16(), end: end)
        }
        // No byte count: the two bytes just read were the version.
        try c.seek(to: start)
        return Header(version: try c.i16(), end: nil)
    }

    /// Moves to the end of an object whose header had a byte count, checking we did not overrun it.
    mutating func finish(_ h: Header, what: String) throws {
        guard let end = h.end else { return }
        guard c.position <= end else { throw c.error("\(what) overruns its byte count") }
        try c.seek(to: end)
    }

    mutating func skipObject(what: String) throws {
        let h = try header()
        guard h.end != nil else { throw c.error("\(what) has no byte count, so it cannot be skipped") }
        try finish(h, what: what)
    }

    mutating func tObject() throws {
        let h = try header()
        _ = try c.u32() // fUniqueID
        let bits = try c.u32()
        if bits & (1 << 4) != 0 { try c.skip(2) } // kIsReferenced: a process-id index follows
        try finish(h, what: "TObject")
    }

    /// Returns the name; the title is read and dropped.
    mutating func tNamed() throws -> String {
        try tNamedWithTitle().name
    }

    mutating func tNamedWithTitle() throws -> (name: String, title: String) {
        let h = try header()
        try tObject()
        let name = try c.string()
        let title = try c.string()
        try finish(h, what: "TNamed")
        return (name, title)
    }

    /// Reads a TObjArray, calling `element` for each slot (nil for empty slots) and returning the results.
    mutating func objArray<T>(what: String, _ element: (inout ObjectReader, String, Header) throws -> T) throws -> [T?]
    {
        let h = try header()
        if h.version > 2 { try tObject() }
        if h.version > 1 { _ = try c.string() }
        let n = try c.i32()
        _ = try c.i32() // lower bound
        // Each element takes at least 4 bytes, which bounds any honest count.
        guard n >= 0, n <= c.remaining / 4 else { throw c.error("\(what) claims \(n) elements") }
        var out: [T?] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try anyObject(what: what, element)) }
        try finish(h, what: what)
        return out
    }

    /// `ReadObjectAny`: a null, a back-reference to an already-read object (returned as nil, and `reference`
    /// set to its tag), or a new object whose class is named or referenced; `body` reads the latter from its start.
    mutating func anyObject<T>(
        what: String, reference: UnsafeMutablePointer<Int>? = nil,
        _ body: (inout ObjectReader, String, Header) throws -> T
    ) throws -> T? {
        let begin = c.position
        let first = try c.be(UInt32.self)
        var end: Int? = nil
        var tag = first
        var tagPosition = begin
        if first & Self.byteCountMask != 0 && first != Self.newClassTag {
            let count = Int(first & ~Self.byteCountMask)
            end = begin + 4 + count
            guard let e = end, e <= c.bytes.count else {
                throw c.error("\(what): byte count \(count) runs past the record")
            }
            tagPosition = c.position
            tag = try c.be(UInt32.self)
        }
        if tag & Self.classMask == 0 {
            // An object reference (0 is null). Skip what the byte count covers, as ROOT does.
            if let end { try c.seek(to: end) }
            if tag != 0 { reference?.pointee = Int(tag) }
            return nil
        }
        let className: String
        if tag == Self.newClassTag {
            className = try c.cString()
            classes[tagPosition + c.origin + Self.mapOffset] = className
        } else {
            let ref = Int(tag & ~Self.classMask)
            guard let known = classes[ref] else {
                throw c.error("\(what): reference to an unknown class tag \(ref)")
            }
            className = known
        }
        let objectHeader = Header(version: 0, end: end)
        objectStart = begin + c.origin + Self.mapOffset
        let value = try body(&self, className, objectHeader)
        if let end {
            guard c.position <= end else { throw c.error("\(what) (\(className)) overruns its byte count") }
            try c.seek(to: end)
        }
        return value
    }
}
