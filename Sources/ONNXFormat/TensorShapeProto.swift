/// onnx.TensorShapeProto: a tensor's dimensions, each a fixed size or a symbolic name.
struct TensorShapeProto: ProtobufMessage {
    /// onnx.TensorShapeProto.Dimension; `value` and `param` are a oneof, so at most one is set.
    struct Dimension: ProtobufMessage {
        var value: Int64?
        var param: String?

        init() {}
        init(value: Int64) { self.value = value }
        init(param: String) { self.param = param }

        mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
            throws(ProtobufError) -> Bool
        {
            switch number {
            case 1:
                value = try reader.readInt64(wireType, field: number, in: "TensorShapeProto.Dimension")
                param = nil
            case 2:
                param = try reader.readString(wireType, field: number, in: "TensorShapeProto.Dimension")
                value = nil
            default: return false
            }
            return true
        }

        func encode(into writer: inout ProtobufWriter) {
            if let value { writer.writeInt(1, value) }
            if let param { writer.writeString(2, param) }
        }
    }

    var dims: [Dimension] = []

    init() {}
    init(dims: [Dimension]) { self.dims = dims }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        guard number == 1 else { return false }
        dims.append(try .decodeNested(wireType, field: number, in: "TensorShapeProto", from: &reader))
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        for d in dims { writer.writeMessage(1, d) }
    }
}
