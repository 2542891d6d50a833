/// onnx.NodeProto: one operator application, wired to values by name.
struct NodeProto: ProtobufMessage {
    var input: [String] = []
    var output: [String] = []
    var name = ""
    var opType = ""
    var domain = ""
    var attribute: [AttributeProto] = []
    var docString = ""

    init() {}
    init(name: String, opType: String, input: [String], output: [String], attribute: [AttributeProto] = []) {
        self.name = name
        self.opType = opType
        self.input = input
        self.output = output
        self.attribute = attribute
    }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        let m = "NodeProto"
        switch number {
        case 1: input.append(try reader.readString(wireType, field: number, in: m))
        case 2: output.append(try reader.readString(wireType, field: number, in: m))
        case 3: name = try reader.readString(wireType, field: number, in: m)
        case 4: opType = try reader.readString(wireType, field: number, in: m)
        case 5: attribute.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        case 6: docString = try reader.readString(wireType, field: number, in: m)
        case 7: domain = try reader.readString(wireType, field: number, in: m)
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        for s in input { writer.writeString(1, s) }
        for s in output { writer.writeString(2, s) }
        if !name.isEmpty { writer.writeString(3, name) }
        if !opType.isEmpty { writer.writeString(4, opType) }
        for a in attribute { writer.writeMessage(5, a) }
        if !docString.isEmpty { writer.writeString(6, docString) }
        if !domain.isEmpty { writer.writeString(7, domain) }
    }
}
