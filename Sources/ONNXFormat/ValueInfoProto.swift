/// onnx.ValueInfoProto: a graph input's or output's name and type.
struct ValueInfoProto: ProtobufMessage {
    var name = ""
    var type: TypeProto?
    var docString = ""

    init() {}
    init(name: String, type: TypeProto?) {
        self.name = name
        self.type = type
    }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        switch number {
        case 1: name = try reader.readString(wireType, field: number, in: "ValueInfoProto")
        case 2: type = try .decodeNested(wireType, field: number, in: "ValueInfoProto", from: &reader)
        case 3: docString = try reader.readString(wireType, field: number, in: "ValueInfoProto")
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        if !name.isEmpty { writer.writeString(1, name) }
        if let type { writer.writeMessage(2, type) }
        if !docString.isEmpty { writer.writeString(3, docString) }
    }
}
