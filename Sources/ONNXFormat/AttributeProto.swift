/// onnx.AttributeProto, modelling the scalar and list kinds the MLP operators use.
/// Tensor, graph and string-list attributes are skipped; the importer refuses any
/// attribute it does not expect, so a skipped one never passes silently.
struct AttributeProto: ProtobufMessage {
    /// AttributeProto.AttributeType values.
    enum Kind: Int32 {
        case float = 1, int = 2, string = 3
        case floats = 6, ints = 7
    }

    var name = ""
    var type: Int32 = 0
    var f: Float?
    var i: Int64?
    var s: [UInt8]?
    var floats: [Float] = []
    var ints: [Int64] = []
    var docString = ""

    init() {}
    init(name: String, int value: Int64) {
        self.name = name
        self.type = Kind.int.rawValue
        self.i = value
    }
    init(name: String, float value: Float) {
        self.name = name
        self.type = Kind.float.rawValue
        self.f = value
    }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        let m = "AttributeProto"
        switch number {
        case 1: name = try reader.readString(wireType, field: number, in: m)
        case 2: f = try reader.readFloat(wireType, field: number, in: m)
        case 3: i = try reader.readInt64(wireType, field: number, in: m)
        case 4:
            try reader.expect(wireType, .lengthDelimited, field: number, in: m)
            s = Array(try reader.readBytes())
        case 7: try reader.readRepeatedFloat(wireType, field: number, in: m, into: &floats)
        case 8: try reader.readRepeatedInt64(wireType, field: number, in: m, into: &ints)
        case 13: docString = try reader.readString(wireType, field: number, in: m)
        case 20: type = try reader.readInt32(wireType, field: number, in: m)
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        if !name.isEmpty { writer.writeString(1, name) }
        if let f { writer.writeFloat(2, f) }
        if let i { writer.writeInt(3, i) }
        if let s { writer.writeBytes(4, s) }
        if !floats.isEmpty { writer.writePackedFloats(7, floats) }
        if !ints.isEmpty { writer.writePackedInts(8, ints) }
        if !docString.isEmpty { writer.writeString(13, docString) }
        writer.writeInt(20, Int64(type))
    }
}
