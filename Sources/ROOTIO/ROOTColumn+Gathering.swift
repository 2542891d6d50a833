import Foundation

/// Building a typed column from big-endian value bytes gathered by a reader.
extension ROOTColumn {
    /// A column of `count` values of `type`, whose big-endian bytes `fill` writes into the buffer it is given
    /// (exactly `count × type.size` bytes); they are byte-swapped in place afterwards.
    static func gathering(
        _ type: ROOTDataType, count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws -> ROOTColumn {
        func make<T>(_: T.Type) throws -> [T] {
            try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                let out = UnsafeMutableRawBufferPointer(buffer)
                if count > 0 { try fill(out) }
                BasketReader.swapFromBigEndian(out, size: type.size)
                initialized = count
            }
        }
        switch type {
        case .bool: return .bool(try make(UInt8.self).map { $0 != 0 })
        case .int8: return .int8(try make(Int8.self))
        case .uint8: return .uint8(try make(UInt8.self))
        case .int16: return .int16(try make(Int16.self))
        case .uint16: return .uint16(try make(UInt16.self))
        case .int32: return .int32(try make(Int32.self))
        case .uint32: return .uint32(try make(UInt32.self))
        case .int64: return .int64(try make(Int64.self))
        case .uint64: return .uint64(try make(UInt64.self))
        case .float: return .float(try make(Float.self))
        case .double: return .double(try make(Double.self))
        }
    }
}

extension ROOTColumn {
    /// The values as Int, for counters (the caller has ruled out 64-bit values beyond Int.max).
    var asIntegers: [Int] {
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .int8(let a): return a.map { Int($0) }
        case .uint8(let a): return a.map { Int($0) }
        case .int16(let a): return a.map { Int($0) }
        case .uint16(let a): return a.map { Int($0) }
        case .int32(let a): return a.map { Int($0) }
        case .uint32(let a): return a.map { Int($0) }
        case .int64(let a): return a.map { Int($0) }
        case .uint64(let a): return a.map { Int(truncatingIfNeeded: $0) }
        case .float(let a): return a.map { Int($0) }
        case .double(let a): return a.map { Int($0) }
        }
    }
}
