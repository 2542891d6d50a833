/// onnx.ModelProto: the file's top-level message. Training info and functions are skipped.
struct ModelProto: ProtobufMessage {
    var irVersion: Int64 = 0
    var opsetImport: [OperatorSetIdProto] = []
    var producerName = ""
    var producerVersion = ""
    var domain = ""
    var modelVersion: Int64 = 0
    var docString = ""
    var graph: GraphProto?
    var metadataProps: [StringStringEntryProto] = []

    init() {}

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        let m = "ModelProto"
        switch number {
        case 1: irVersion = try reader.readInt64(wireType, field: number, in: m)
        case 2: producerName = try reader.readString(wireType, field: number, in: m)
        case 3: producerVersion = try reader.readString(wireType, field: number, in: m)
        case 4: domain = try reader.readString(wireType, field: number, in: m)
        case 5: modelVersion = try reader.readInt64(wireType, field: number, in: m)
        case 6: docString = try reader.readString(wireType, field: number, in: m)
        case 7: graph = try .decodeNested(wireType, field: number, in: m, from: &reader)
        case 8: opsetImport.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        case 14: metadataProps.append(try .decodeNested(wireType, field: number, in: m, from: &reader))
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        // Field order follows the field numbers, as protobuf's own serializers do.
        writer.writeInt(1, irVersion)
        if !producerName.isEmpty { writer.writeString(2, producerName) }
        if !producerVersion.isEmpty { writer.writeString(3, producerVersion) }
        if !domain.isEmpty { writer.writeString(4, domain) }
        if modelVersion != 0 { writer.writeInt(5, modelVersion) }
        if !docString.isEmpty { writer.writeString(6, docString) }
        if let graph { writer.writeMessage(7, graph) }
        for o in opsetImport { writer.writeMessage(8, o) }
        for p in metadataProps { writer.writeMessage(14, p) }
    }
}
