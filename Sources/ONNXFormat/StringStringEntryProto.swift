/// onnx.StringStringEntryProto: one key/value pair of `metadata_props`.
struct StringStringEntryProto: ProtobufMessage {
    var key = ""
    var value = ""

    init() {}
    init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        switch number {
        case 1: key = try reader.readString(wireType, field: number, in: "StringStringEntryProto")
        case 2: value = try reader.readString(wireType, field: number, in: "StringStringEntryProto")
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        if !key.isEmpty { writer.writeString(1, key) }
        if !value.isEmpty { writer.writeString(2, value) }
    }
}
