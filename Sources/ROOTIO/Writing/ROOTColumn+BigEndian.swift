extension ROOTColumn {
    /// Values `range` as ROOT stores them: big-endian, booleans as one byte 0 or 1.
    func bigEndianBytes(_ range: Range<Int>) -> [UInt8] {
        switch self {
        case .bool(let a): return a[range].map { $0 ? 1 : 0 }
        case .int8(let a): return a[range].map { UInt8(bitPattern: $0) }
        case .uint8(let a): return Array(a[range])
        case .int16(let a): return Self.swapped(a[range].map { UInt16(bitPattern: $0) })
        case .uint16(let a): return Self.swapped(Array(a[range]))
        case .int32(let a): return Self.swapped(a[range].map { UInt32(bitPattern: $0) })
        case .uint32(let a): return Self.swapped(Array(a[range]))
        case .int64(let a): return Self.swapped(a[range].map { UInt64(bitPattern: $0) })
        case .uint64(let a): return Self.swapped(Array(a[range]))
        case .float(let a): return Self.swapped(a[range].map(\.bitPattern))
        case .double(let a): return Self.swapped(a[range].map(\.bitPattern))
        }
    }

    private static func swapped<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        let big = values.map(\.bigEndian)
        return big.withUnsafeBytes { Array($0) }
    }
}
