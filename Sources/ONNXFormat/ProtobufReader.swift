/// Reads protobuf wire-format fields from a window of a byte array, bounds-checking every step.
///
/// Sub-messages are read through child readers over a narrower window of the same array, so
/// nothing is copied and no length read from the input can make the reader allocate more than
/// the input already holds. Offsets in errors are positions in the whole array.
struct ProtobufReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    func error(_ reason: String, at offset: Int? = nil) -> ProtobufError {
        ProtobufError(offset: offset ?? position, reason: reason)
    }

    /// The next field's number and wire type, or nil at the end of the window.
    mutating func nextField() throws(ProtobufError) -> (number: Int, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        let start = position
        let key = try readRawVarint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else { throw error("invalid field number \(number)", at: start) }
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw error("invalid wire type \(key & 7) for field \(number)", at: start)
        }
        return (Int(number), wireType)
    }

    /// A base-128 varint of at most ten bytes; a longer, overflowing or unterminated one is malformed.
    mutating func readRawVarint() throws(ProtobufError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw error("truncated varint", at: start) }
            let byte = bytes[position]
            position += 1
            if shift == 63, byte > 1 { throw error("varint overflows 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard end - position >= 4 else { throw error("truncated 32-bit value") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard end - position >= 8 else { throw error("truncated 64-bit value") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    /// A length-delimited payload as a child reader over its window; the length must fit in what remains.
    mutating func readLengthDelimited() throws(ProtobufError) -> ProtobufReader {
        let start = position
        let length = try readRawVarint()
        guard length <= UInt64(end - position) else {
            throw error("length \(length) runs past the end of its enclosing message", at: start)
        }
        let child = ProtobufReader(bytes: bytes, start: position, end: position + Int(length))
        position += Int(length)
        return child
    }

    /// The unread bytes of this window (used for raw_data and strings).
    var remainingBytes: ArraySlice<UInt8> { bytes[position..<end] }

    mutating func readBytes() throws(ProtobufError) -> ArraySlice<UInt8> {
        try readLengthDelimited().remainingBytes
    }

    mutating func readString() throws(ProtobufError) -> String {
        let start = position
        let raw = try readBytes()
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw error("string is not valid UTF-8", at: start)
        }
        return s
    }

    /// Skips a field this reader does not model, whatever its wire type, except groups.
    mutating func skip(_ wireType: WireType, field: Int) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readRawVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup: throw error("field \(field) uses the deprecated group encoding")
        }
    }

    /// Fails unless a known field arrived with the wire type its declaration implies.
    func expect(_ wireType: WireType, _ expected: WireType, field: Int, in message: String) throws(ProtobufError) {
        guard wireType == expected else {
            throw error("\(message) field \(field) has wire type \(wireType.rawValue), expected \(expected.rawValue)")
        }
    }

    // MARK: typed scalar fields

    mutating func readInt64(_ wireType: WireType, field: Int, in message: String) throws(ProtobufError) -> Int64 {
        try expect(wireType, .varint, field: field, in: message)
        return Int64(bitPattern: try readRawVarint())
    }

    /// An int32 field: protobuf writes negatives sign-extended to 64 bits, and truncation recovers them.
    mutating func readInt32(_ wireType: WireType, field: Int, in message: String) throws(ProtobufError) -> Int32 {
        try expect(wireType, .varint, field: field, in: message)
        return Int32(truncatingIfNeeded: try readRawVarint())
    }

    mutating func readFloat(_ wireType: WireType, field: Int, in message: String) throws(ProtobufError) -> Float {
        try expect(wireType, .fixed32, field: field, in: message)
        return Float(bitPattern: try readFixed32())
    }

    mutating func readString(_ wireType: WireType, field: Int, in message: String) throws(ProtobufError) -> String {
        try expect(wireType, .lengthDelimited, field: field, in: message)
        return try readString()
    }

    mutating func readMessage(_ wireType: WireType, field: Int, in message: String) throws(ProtobufError)
        -> ProtobufReader
    {
        try expect(wireType, .lengthDelimited, field: field, in: message)
        return try readLengthDelimited()
    }

    /// Appends one element (unpacked) or a packed run of int64 varints to `values`.
    mutating func readRepeatedInt64(_ wireType: WireType, field: Int, in message: String, into values: inout [Int64])
        throws(ProtobufError)
    {
        if wireType == .lengthDelimited {
            var packed = try readLengthDelimited()
            while !packed.isAtEnd { values.append(Int64(bitPattern: try packed.readRawVarint())) }
        } else {
            values.append(try readInt64(wireType, field: field, in: message))
        }
    }

    /// Appends one element (unpacked) or a packed run of 32-bit floats to `values`.
    mutating func readRepeatedFloat(_ wireType: WireType, field: Int, in message: String, into values: inout [Float])
        throws(ProtobufError)
    {
        if wireType == .lengthDelimited {
            var packed = try readLengthDelimited()
            let start = packed.position
            guard (packed.end - start) % 4 == 0 else {
                throw error(
                    "packed float field \(field) of \(message) has \(packed.end - start) bytes, not a multiple of 4",
                    at: start)
            }
            values.reserveCapacity(values.count + (packed.end - start) / 4)
            while !packed.isAtEnd { values.append(Float(bitPattern: try packed.readFixed32())) }
        } else {
            values.append(try readFloat(wireType, field: field, in: message))
        }
    }
}
