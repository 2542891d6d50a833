/// A message this package encodes and decodes by hand: one method per direction, field by field.
///
/// Decoding starts from the empty message and applies fields in input order, so a repeated
/// field accumulates and a later singular field overrides an earlier one. (Protobuf merges a
/// repeated singular sub-message instead; no ONNX writer splits one, so overriding is enough.)
/// Fields a message does not model are skipped by wire type.
protocol ProtobufMessage: Equatable, Sendable {
    init()
    /// Consumes one field's value, or returns false to have it skipped.
    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    func encode(into writer: inout ProtobufWriter)
}

extension ProtobufMessage {
    /// Decodes every field in the reader's window.
    init(decoding reader: inout ProtobufReader) throws(ProtobufError) {
        self.init()
        while let (number, wireType) = try reader.nextField() {
            if try !decodeField(number, wireType, from: &reader) {
                try reader.skip(wireType, field: number)
            }
        }
    }

    /// Decodes a whole buffer as this message.
    init(serialized bytes: [UInt8]) throws(ProtobufError) {
        var reader = ProtobufReader(bytes)
        try self.init(decoding: &reader)
    }

    /// Decodes a length-delimited sub-message field.
    static func decodeNested(_ wireType: WireType, field: Int, in message: String, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Self
    {
        var child = try reader.readMessage(wireType, field: field, in: message)
        return try Self(decoding: &child)
    }

    var serialized: [UInt8] {
        var writer = ProtobufWriter()
        encode(into: &writer)
        return writer.bytes
    }
}

extension ProtobufWriter {
    mutating func writeMessage(_ field: Int, _ message: some ProtobufMessage) {
        var inner = ProtobufWriter()
        message.encode(into: &inner)
        writeMessage(field, inner)
    }
}
