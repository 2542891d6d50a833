/// How one RNTuple column type stores its elements in a page: width, byte split, zigzag or delta
/// encoding, and what the numbers mean.
struct RNTupleColumnType: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case bit, signed, unsigned, index, real16, real32, real64
        /// A float32 with only its top `bits` bits stored, packed.
        case real32Trunc
        /// An integer of `bits` bits, packed, standing for `min + q (max - min) / (2^bits - 1)` as a float32.
        case real32Quant
    }

    let kind: Kind
    /// Bytes per element (a bit column: see ``pageBytes(_:)``).
    let width: Int
    var split = false
    var zigzag = false
    var delta = false
    /// Bits per element of a packed (truncated or quantized) real column.
    var bits = 0
    /// The range of a quantized column.
    var min = 0.0, max = 0.0

    /// The type of `column`, its bit width checked; nil for a type this reader cannot decode.
    init?(_ column: RNTupleSchema.Column) {
        switch column.type {
        case 0x1C where (10...31).contains(column.bits): self.init(.real32Trunc, 4)
        case 0x1D where (1...32).contains(column.bits): self.init(.real32Quant, 4)
        default:
            self.init(code: column.type)
            guard column.bits == (kind == .bit ? 1 : width * 8) else { return nil }
        }
        bits = column.bits
        min = column.min
        max = column.max
    }

    /// The type with on-disk code `code` (the header's column type), or nil for one this reader cannot decode.
    init?(code: Int) {
        switch code {
        case 0x00: self.init(.bit, 1)
        case 0x01, 0x02, 0x04: self.init(.unsigned, 1)
        case 0x03: self.init(.signed, 1)
        case 0x05: self.init(.signed, 2)
        case 0x06: self.init(.unsigned, 2)
        case 0x07: self.init(.signed, 4)
        case 0x08: self.init(.unsigned, 4)
        case 0x09: self.init(.signed, 8)
        case 0x0A: self.init(.unsigned, 8)
        case 0x0B: self.init(.real16, 2)
        case 0x0C: self.init(.real32, 4)
        case 0x0D: self.init(.real64, 8)
        case 0x0E: self.init(.index, 4)
        case 0x0F: self.init(.index, 8)
        case 0x11: self.init(.signed, 2, split: true, zigzag: true)
        case 0x12: self.init(.unsigned, 2, split: true)
        case 0x13: self.init(.signed, 4, split: true, zigzag: true)
        case 0x14: self.init(.unsigned, 4, split: true)
        case 0x15: self.init(.signed, 8, split: true, zigzag: true)
        case 0x16: self.init(.unsigned, 8, split: true)
        case 0x17: self.init(.real16, 2, split: true)
        case 0x18: self.init(.real32, 4, split: true)
        case 0x19: self.init(.real64, 8, split: true)
        case 0x1A: self.init(.index, 4, split: true, delta: true)
        case 0x1B: self.init(.index, 8, split: true, delta: true)
        default: return nil
        }
    }

    private init(_ kind: Kind, _ width: Int, split: Bool = false, zigzag: Bool = false, delta: Bool = false) {
        self.kind = kind
        self.width = width
        self.split = split
        self.zigzag = zigzag
        self.delta = delta
    }

    /// The name the specification gives the type with code `code`, for messages.
    static func name(code: Int) -> String {
        let names = [
            "Bit", "Byte", "Char", "Int8", "UInt8", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Real16",
            "Real32", "Real64", "Index32", "Index64", "Switch", "SplitInt16", "SplitUInt16", "SplitInt32",
            "SplitUInt32", "SplitInt64", "SplitUInt64", "SplitReal16", "SplitReal32", "SplitReal64", "SplitIndex32",
            "SplitIndex64", "Real32Trunc", "Real32Quant"
        ]
        return code >= 0 && code < names.count ? names[code] : "type 0x\(String(code, radix: 16))"
    }

    var isReal: Bool { kind == .real16 || kind == .real32 || kind == .real64 || isPacked }
    /// Whether elements are packed `bits` bits each (truncated or quantized reals).
    var isPacked: Bool { kind == .real32Trunc || kind == .real32Quant }

    /// The bytes a page of `elements` elements takes once decompressed; nil on overflow.
    func pageBytes(_ elements: Int) -> Int? {
        if kind == .bit { return (elements + 7) / 8 }
        if isPacked {
            let (total, overflow) = elements.multipliedReportingOverflow(by: bits)
            return overflow ? nil : (total + 7) / 8
        }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: width)
        return overflow ? nil : bytes
    }
}
