/// onnx.GraphProto: nodes in topological order, constant initializers, and typed inputs and outputs.
/// Sparse initializers and quantization annotations are skipped.
struct GraphProto: ProtobufMessage {
    var node: [NodeProto] = []
    var name = ""
    var initializer: [TensorProto] = []
    var docString = ""
    var input: [ValueInfoProto] = []
    var output: [ValueInfoProto] = []
    var valueInfo: [ValueInfoProto] = []

    init() {}

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        let m = "GraphProto"
        switch number {
        case 1: node.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        case 2: name = try reader.readString(wireType, field: number, in: m)
        case 5: initializer.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        case 10: docString = try reader.readString(wireType, field: number, in: m)
        case 11: input.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        case 12: output.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        case 13: valueInfo.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        for n in node { writer.writeMessage(1, n) }
        if !name.isEmpty { writer.writeString(2, name) }
        for t in initializer { writer.writeMessage(5, t) }
        if !docString.isEmpty { writer.writeString(10, docString) }
        for v in input { writer.writeMessage(11, v) }
        for v in output { writer.writeMessage(12, v) }
        for v in valueInfo { writer.writeMessage(13, v) }
    }
}
