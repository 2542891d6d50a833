/// onnx.TensorProto, for dense numeric initializers. Float data is written as `raw_data`
/// (little-endian IEEE 754); `float_data` is read too, since other tools write it.
struct TensorProto: ProtobufMessage {
    /// TensorProto.DataType.FLOAT.
    static let floatType: Int32 = 1
    /// TensorProto.DataLocation.EXTERNAL: the values live in another file, which paramrun never reads.
    static let externalLocation: Int32 = 1

    var dims: [Int64] = []
    var dataType: Int32 = 0
    var floatData: [Float] = []
    var name = ""
    var docString = ""
    var rawData: [UInt8]?
    var dataLocation: Int32 = 0

    init() {}

    /// A FLOAT tensor with its values as raw_data.
    init(name: String, dims: [Int64], floats: [Float]) {
        self.name = name
        self.dims = dims
        self.dataType = Self.floatType
        self.rawData = ProtobufWriter.littleEndianBytes(of: floats)
    }

    mutating func decodeField(_ number: Int, _ wireType: WireType, from reader: inout ProtobufReader)
        throws(ProtobufError) -> Bool
    {
        let m = "TensorProto"
        switch number {
        case 1: try reader.readRepeatedInt64(wireType, field: number, in: m, into: &dims)
        case 2: dataType = try reader.readInt32(wireType, field: number, in: m)
        case 4: try reader.readRepeatedFloat(wireType, field: number, in: m, into: &floatData)
        case 8: name = try reader.readString(wireType, field: number, in: m)
        case 9:
            try reader.expect(wireType, .lengthDelimited, field: number, in: m)
            rawData = Array(try reader.readBytes())
        case 12: docString = try reader.readString(wireType, field: number, in: m)
        case 14: dataLocation = try reader.readInt32(wireType, field: number, in: m)
        default: return false
        }
        return true
    }

    func encode(into writer: inout ProtobufWriter) {
        if !dims.isEmpty { writer.writePackedInts(1, dims) }
        writer.writeInt(2, Int64(dataType))
        if !floatData.isEmpty { writer.writePackedFloats(4, floatData) }
        if !name.isEmpty { writer.writeString(8, name) }
        if let rawData { writer.writeBytes(9, rawData) }
        if !docString.isEmpty { writer.writeString(12, docString) }
        if dataLocation != 0 { writer.writeInt(14, Int64(dataLocation)) }
    }
}
