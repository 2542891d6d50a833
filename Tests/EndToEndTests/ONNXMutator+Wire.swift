/// The protobuf wire format, as much as the mutator needs: a generic parse that takes a
/// length-delimited field for a message where its bytes parse as one, and the encoding back.
extension ONNXMutator {
    static func parse(_ bytes: ArraySlice<UInt8>, depth: Int) -> [Field]? {
        var fields: [Field] = []
        var p = bytes.startIndex
        while p < bytes.endIndex {
            guard let (tag, afterTag) = readVarint(bytes, at: p), tag >> 3 > 0, tag >> 3 < 1 << 29 else { return nil }
            let number = Int(tag >> 3)
            switch tag & 7 {
            case 0:
                guard let (v, next) = readVarint(bytes, at: afterTag) else { return nil }
                fields.append(Field(number: number, value: .varint(v)))
                p = next
            case 1:
                guard bytes.endIndex - afterTag >= 8 else { return nil }
                fields.append(Field(number: number, value: .fixed64(littleEndian(bytes, at: afterTag, count: 8))))
                p = afterTag + 8
            case 5:
                guard bytes.endIndex - afterTag >= 4 else { return nil }
                let v = UInt32(littleEndian(bytes, at: afterTag, count: 4))
                fields.append(Field(number: number, value: .fixed32(v)))
                p = afterTag + 4
            case 2:
                guard let (length, start) = readVarint(bytes, at: afterTag), length <= UInt64(bytes.endIndex - start)
                else { return nil }
                let content = bytes[start..<(start + Int(length))]
                let inner = depth < 8 && !content.isEmpty ? parse(content, depth: depth + 1) : nil
                fields.append(Field(number: number, value: inner.map(Value.message) ?? .bytes(Array(content))))
                p = start + Int(length)
            default:
                return nil
            }
        }
        return fields
    }

    static func encode(_ fields: [Field]) -> [UInt8] {
        var out: [UInt8] = []
        for field in fields {
            let number = UInt64(field.number) << 3
            switch field.value {
            case .varint(let v): out += varint(number) + varint(v)
            case .fixed64(let v): out += varint(number | 1) + (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
            case .fixed32(let v): out += varint(number | 5) + (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
            case .bytes(let b): out += varint(number | 2) + varint(UInt64(b.count)) + b
            case .message(let inner):
                let b = encode(inner)
                out += varint(number | 2) + varint(UInt64(b.count)) + b
            }
        }
        return out
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func readVarint(_ bytes: ArraySlice<UInt8>, at start: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        var p = start
        for shift in stride(from: 0, to: 70, by: 7) {
            guard p < bytes.endIndex else { return nil }
            let b = bytes[p]
            p += 1
            if shift < 64 { value |= UInt64(b & 0x7F) << UInt64(shift) }
            if b < 0x80 { return (value, p) }
        }
        return nil
    }

    /// Where the field after a tag of `wireType` ends, or nil if it runs past the bytes.
    static func skip(_ bytes: ArraySlice<UInt8>, wireType: Int, at p: Int) -> Int? {
        switch wireType {
        case 0: return readVarint(bytes, at: p)?.1
        case 1: return bytes.endIndex - p >= 8 ? p + 8 : nil
        case 5: return bytes.endIndex - p >= 4 ? p + 4 : nil
        default: return nil
        }
    }

    static func littleEndian(_ bytes: ArraySlice<UInt8>, at p: Int, count: Int) -> UInt64 {
        (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[p + $1]) << UInt64(8 * $1) }
    }

    /// The values of a packed repeated varint field, or nil if the bytes are not one.
    static func packedVarints(_ bytes: [UInt8]) -> [UInt64]? {
        var values: [UInt64] = []
        var p = 0
        while p < bytes.count {
            guard let (v, next) = readVarint(bytes[...], at: p) else { return nil }
            values.append(v)
            p = next
        }
        return values
    }
}
