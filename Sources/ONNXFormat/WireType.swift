/// The protobuf wire types: how a field's value is laid out after its key.
///
/// Groups (3 and 4) are deprecated and never appear in ONNX files; the reader refuses them
/// rather than guessing where they end.
enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}
