/// The values of one flat branch, in its own element type.
public enum ROOTColumn: Sendable, Equatable {
    case bool([Bool])
    case int8([Int8])
    case uint8([UInt8])
    case int16([Int16])
    case uint16([UInt16])
    case int32([Int32])
    case uint32([UInt32])
    case int64([Int64])
    case uint64([UInt64])
    case float([Float])
    case double([Double])

    /// The number of values (entries) in the column.
    public var count: Int {
        switch self {
        case .bool(let a): return a.count
        case .int8(let a): return a.count
        case .uint8(let a): return a.count
        case .int16(let a): return a.count
        case .uint16(let a): return a.count
        case .int32(let a): return a.count
        case .uint32(let a): return a.count
        case .int64(let a): return a.count
        case .uint64(let a): return a.count
        case .float(let a): return a.count
        case .double(let a): return a.count
        }
    }

    /// The ROOT type the values were stored as.
    public var type: ROOTDataType {
        switch self {
        case .bool: return .bool
        case .int8: return .int8
        case .uint8: return .uint8
        case .int16: return .int16
        case .uint16: return .uint16
        case .int32: return .int32
        case .uint32: return .uint32
        case .int64: return .int64
        case .uint64: return .uint64
        case .float: return .float
        case .double: return .double
        }
    }

    /// Value `i` as text that parses back to the same value: integers exactly, bools as 0/1,
    /// floats in Swift's shortest round-trip form (so a Float is printed as a Float, not widened).
    public func formattedValue(at i: Int) -> String {
        switch self {
        case .bool(let a): return a[i] ? "1" : "0"
        case .int8(let a): return String(a[i])
        case .uint8(let a): return String(a[i])
        case .int16(let a): return String(a[i])
        case .uint16(let a): return String(a[i])
        case .int32(let a): return String(a[i])
        case .uint32(let a): return String(a[i])
        case .int64(let a): return String(a[i])
        case .uint64(let a): return String(a[i])
        case .float(let a): return a[i].description
        case .double(let a): return a[i].description
        }
    }

    /// The values widened to Double (exact for every type except 64-bit integers beyond 2^53).
    public var asDoubles: [Double] {
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .int8(let a): return a.map { Double($0) }
        case .uint8(let a): return a.map { Double($0) }
        case .int16(let a): return a.map { Double($0) }
        case .uint16(let a): return a.map { Double($0) }
        case .int32(let a): return a.map { Double($0) }
        case .uint32(let a): return a.map { Double($0) }
        case .int64(let a): return a.map { Double($0) }
        case .uint64(let a): return a.map { Double($0) }
        case .float(let a): return a.map { Double($0) }
        case .double(let a): return a
        }
    }
}
