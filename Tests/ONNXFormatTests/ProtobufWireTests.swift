import Testing
@testable import ONNXFormat
import ParamRunSupport

/// The wire format against hand-computed bytes (protobuf's encoding guide) and round trips.
struct ProtobufWireTests {
    private func varintBytes(_ v: UInt64) -> [UInt8] {
        var w = ProtobufWriter()
        w.writeRawVarint(v)
        return w.bytes
    }

    @Test func varintsMatchHandComputedBytes() {
        #expect(varintBytes(0) == [0x00])
        #expect(varintBytes(1) == [0x01])
        #expect(varintBytes(127) == [0x7F])
        #expect(varintBytes(128) == [0x80, 0x01])
        #expect(varintBytes(300) == [0xAC, 0x02])
        #expect(varintBytes(UInt64.max) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    @Test func fieldsMatchHandComputedBytes() {
        var w = ProtobufWriter()
        w.writeInt(1, 150)
        #expect(w.bytes == [0x08, 0x96, 0x01])

        w = ProtobufWriter()
        w.writeString(2, "testing")
        #expect(w.bytes == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])

        w = ProtobufWriter()
        w.writePackedInts(4, [3, 270, 86942])
        #expect(w.bytes == [0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05])

        // 1.0f is 0x3F800000, written little-endian after key (2 << 3 | 5).
        w = ProtobufWriter()
        w.writeFloat(2, 1)
        #expect(w.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F])

        // Negative int64s are sign-extended to ten bytes.
        w = ProtobufWriter()
        w.writeInt(3, -1)
        #expect(w.bytes == [0x18] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func varintsRoundTrip() throws {
        var random = SeededGenerator(seed: 300)
        var values: [UInt64] = [0, 1, 127, 128, 16383, 16384, UInt64(Int64.max), UInt64.max]
        for _ in 0..<2000 { values.append(random.next() >> UInt64.random(in: 0...63, using: &random)) }
        var w = ProtobufWriter()
        for v in values { w.writeRawVarint(v) }
        var r = ProtobufReader(w.bytes)
        for v in values { #expect(try r.readRawVarint() == v) }
        #expect(r.isAtEnd)
    }

    @Test func scalarFieldsRoundTrip() throws {
        var w = ProtobufWriter()
        w.writeInt(1, -5)
        w.writeFloat(2, -0.375)
        w.writeDouble(3, 2.5e-300)
        w.writeString(4, "θ in GeV")
        w.writePackedFloats(5, [1.5, -2, .infinity])
        var r = ProtobufReader(w.bytes)
        var field = try #require(try r.nextField())
        #expect(field.number == 1 && field.wireType == .varint)
        #expect(try r.readInt64(field.wireType, field: 1, in: "T") == -5)
        field = try #require(try r.nextField())
        #expect(try r.readFloat(field.wireType, field: 2, in: "T") == -0.375)
        field = try #require(try r.nextField())
        #expect(field.wireType == .fixed64)
        #expect(Double(bitPattern: try r.readFixed64()) == 2.5e-300)
        field = try #require(try r.nextField())
        #expect(try r.readString(field.wireType, field: 4, in: "T") == "θ in GeV")
        field = try #require(try r.nextField())
        var floats: [Float] = []
        try r.readRepeatedFloat(field.wireType, field: 5, in: "T", into: &floats)
        #expect(floats == [1.5, -2, .infinity])
        #expect(try r.nextField() == nil)
    }

    @Test func repeatedScalarsAreReadPackedOrNot() throws {
        var w = ProtobufWriter()
        w.writeInt(1, 7)
        w.writePackedInts(1, [8, 9])
        w.writeInt(1, 10)
        var r = ProtobufReader(w.bytes)
        var ints: [Int64] = []
        while let (n, t) = try r.nextField() { try r.readRepeatedInt64(t, field: n, in: "T", into: &ints) }
        #expect(ints == [7, 8, 9, 10])
    }

    @Test func malformedInputThrowsWithOffset() {
        func error(_ bytes: [UInt8], _ body: (inout ProtobufReader) throws -> Void) -> ProtobufError? {
            var r = ProtobufReader(bytes)
            do { try body(&r) } catch { return error as? ProtobufError }
            return nil
        }
        #expect(error([0x80]) { _ = try $0.readRawVarint() } == ProtobufError(offset: 0, reason: "truncated varint"))
        #expect(
            error([UInt8](repeating: 0xFF, count: 10) + [0x01]) { _ = try $0.readRawVarint() }?.reason
                == "varint overflows 64 bits")
        #expect(
            error([0x05, 0x61]) { _ = try $0.readLengthDelimited() }?.reason
                == "length 5 runs past the end of its enclosing message")
        #expect(error([0x01, 0x02]) { _ = try $0.readFixed32() }?.reason == "truncated 32-bit value")
        #expect(error([0x0E]) { _ = try $0.nextField() }?.reason == "invalid wire type 6 for field 1")
        #expect(error([0x07]) { _ = try $0.nextField() }?.reason == "invalid field number 0")
        #expect(
            error([0x0B]) { r in
                let f = try r.nextField()
                try r.skip(f?.wireType ?? .varint, field: 1)
            }?.reason == "field 1 uses the deprecated group encoding")
        #expect(error([0x02, 0xC3, 0x28]) { _ = try $0.readString() }?.reason == "string is not valid UTF-8")
    }

    @Test func aChildReaderCannotReadPastItsWindow() throws {
        // Outer message: field 1 with a 2-byte payload, then field 2 = 5. The payload claims a 4-byte length.
        let bytes: [UInt8] = [0x0A, 0x02, 0x0A, 0x04, 0x10, 0x05]
        var outer = ProtobufReader(bytes)
        _ = try outer.nextField()
        var child = try outer.readLengthDelimited()
        _ = try child.nextField()
        #expect(throws: ProtobufError.self) { try child.readLengthDelimited() }
        let next = try #require(try outer.nextField())
        #expect(next.number == 2)
    }
}
