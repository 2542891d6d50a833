/// onnx.OperatorSetIdProto: an operator set the model imports ("" is the default ONNX domain).
struct OperatorSetIdProto: ProtobufMessage {
    var domain = ""
    var version: Int64 = 0

    init() {}
    init(domain: String, version: Int64) {
        self.domain = domain
        self.version = version
    }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        switch number {
        case 1: domain = try reader.readString(wireType, field: number, in: "OperatorSetIdProto")
        case 2: version = try reader.readInt64(wireType, field: number, in: "OperatorSetIdProto")
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        // The domain is written even when empty: "" is meaningful here and onnx writes it.
        writer.writeString(1, domain)
        writer.writeInt(2, version)
    }
}
