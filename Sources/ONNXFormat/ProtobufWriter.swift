/// Appends protobuf wire-format fields to a byte buffer.
///
/// Only the encodings ONNX needs: varint, 64-bit, 32-bit and length-delimited fields, and
/// packed repeated scalars. Nested messages are encoded into their own writer first, since
/// their length prefix must precede them.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func writeRawVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeKey(_ field: Int, _ wireType: WireType) {
        writeRawVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// An int32/int64 field; negative values take ten bytes, as protobuf sign-extends them.
    mutating func writeInt(_ field: Int, _ value: Int64) {
        writeKey(field, .varint)
        writeRawVarint(UInt64(bitPattern: value))
    }

    mutating func writeFloat(_ field: Int, _ value: Float) {
        writeKey(field, .fixed32)
        appendLittleEndian(value.bitPattern)
    }

    mutating func writeDouble(_ field: Int, _ value: Double) {
        writeKey(field, .fixed64)
        appendLittleEndian(value.bitPattern)
    }

    mutating func writeBytes<C: Collection>(_ field: Int, _ value: C) where C.Element == UInt8 {
        writeKey(field, .lengthDelimited)
        writeRawVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeString(_ field: Int, _ value: String) {
        writeBytes(field, Array(value.utf8))
    }

    mutating func writeMessage(_ field: Int, _ message: ProtobufWriter) {
        writeBytes(field, message.bytes)
    }

    /// A packed repeated int64 field: one length-delimited run of varints.
    mutating func writePackedInts(_ field: Int, _ values: [Int64]) {
        var inner = ProtobufWriter()
        for v in values { inner.writeRawVarint(UInt64(bitPattern: v)) }
        writeMessage(field, inner)
    }

    /// A packed repeated float field: one length-delimited run of little-endian 32-bit values.
    mutating func writePackedFloats(_ field: Int, _ values: [Float]) {
        var inner = ProtobufWriter()
        inner.bytes.reserveCapacity(values.count * 4)
        for v in values { inner.appendLittleEndian(v.bitPattern) }
        writeMessage(field, inner)
    }

    /// Appends floats as IEEE 754 little-endian bytes, the layout of TensorProto.raw_data.
    static func littleEndianBytes(of values: [Float]) -> [UInt8] {
        var w = ProtobufWriter()
        w.bytes.reserveCapacity(values.count * 4)
        for v in values { w.appendLittleEndian(v.bitPattern) }
        return w.bytes
    }

    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value
        for _ in 0..<(T.bitWidth / 8) {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }
}
