/// The element types of flat branches this reader decodes.
public enum ROOTDataType: String, Sendable, CaseIterable {
    case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float, double

    /// Bytes per value on disk.
    public var size: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float: return 4
        case .int64, .uint64, .double: return 8
        }
    }

    /// The C type name ROOT and uproot print (`int32_t`, `float`, …).
    public var cName: String {
        switch self {
        case .bool: return "bool"
        case .int8: return "int8_t"
        case .uint8: return "uint8_t"
        case .int16: return "int16_t"
        case .uint16: return "uint16_t"
        case .int32: return "int32_t"
        case .uint32: return "uint32_t"
        case .int64: return "int64_t"
        case .uint64: return "uint64_t"
        case .float: return "float"
        case .double: return "double"
        }
    }
}
