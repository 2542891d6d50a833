/// onnx.TypeProto, of which only the tensor case is modelled; sequences and maps are skipped,
/// leaving `tensorType` nil, which the importer reports.
struct TypeProto: ProtobufMessage {
    /// onnx.TypeProto.Tensor: element type (a TensorProto.DataType) and optional shape.
    struct Tensor: ProtobufMessage {
        var elemType: Int32 = 0
        var shape: TensorShapeProto?

        init() {}
        init(elemType: Int32, shape: TensorShapeProto?) {
            self.elemType = elemType
            self.shape = shape
        }

        mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
            throws(ProtobufError) -> Bool
        {
            switch number {
            case 1: elemType = try reader.readInt32(wireType, field: number, in: "TypeProto.Tensor")
            case 2: shape = try .decodeNested(wireType, field: number, in: "TypeProto.Tensor", from: &reader)
            default: return false
            }
            return true
        }

        func encode(into writer: inout ProtobufWriter) {
            writer.writeInt(1, Int64(elemType))
            if let shape { writer.writeMessage(2, shape) }
        }
    }

    var tensorType: Tensor?

    init() {}
    init(tensorType: Tensor) { self.tensorType = tensorType }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        guard number == 1 else { return false }
        tensorType = try .decodeNested(wireType, field: number, in: "TypeProto", from: &reader)
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        if let tensorType { writer.writeMessage(1, tensorType) }
    }
}
