/// Turns one decompressed page into plain little-endian elements (byte split, zigzag and delta undone;
/// a bit column as one 0/1 byte per element), then into the bytes of the field's own type.
enum RNTuplePageDecoder {
    /// The `n` elements of `page` as plain little-endian values of the column's width.
    static func plain(_ page: [UInt8], count n: Int, type: RNTupleColumnType) -> [UInt8] {
        if type.kind == .bit {
            return page.withUnsafeBufferPointer { p in (0..<n).map { p[$0 >> 3] >> UInt8($0 & 7) & 1 } }
        }
        if type.isPacked { return unpack(page, count: n, type: type) }
        let w = type.width
        var out = type.split ? unsplit(page, count: n, width: w) : page
        guard type.zigzag || type.delta else { return out }
        out.withUnsafeMutableBytes { raw in
            switch w {
            case 2: undo(raw.bindMemory(to: UInt16.self), type)
            case 4: undo(raw.bindMemory(to: UInt32.self), type)
            case 8: undo(raw.bindMemory(to: UInt64.self), type)
            default: break
            }
        }
        return out
    }

    /// Packed `bits`-bit elements (a little-endian bit stream) as float32 bytes: a truncated float's top
    /// bits shifted back in place, or a quantized integer mapped onto the column's range.
    private static func unpack(_ page: [UInt8], count n: Int, type: RNTupleColumnType) -> [UInt8] {
        let bits = type.bits
        let mask: UInt64 = (1 << UInt64(bits)) - 1
        let scale = (type.max - type.min) / Double(mask)
        var out = [UInt8](repeating: 0, count: n * 4)
        page.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let start = i * bits
                var word: UInt64 = 0
                for b in 0..<Swift.max(0, Swift.min(5, p.count - start / 8)) {
                    word |= UInt64(p[start / 8 + b]) << (8 * b)
                }
                let q = (word >> UInt64(start % 8)) & mask
                let value: UInt32
                if type.kind == .real32Trunc {
                    value = UInt32(truncatingIfNeeded: q << UInt64(32 - bits))
                } else {
                    value = Float(type.min + Double(q) * scale).bitPattern
                }
                for b in 0..<4 { out[i * 4 + b] = UInt8(truncatingIfNeeded: value >> (8 * b)) }
            }
        }
        return out
    }

    private static func unsplit(_ page: [UInt8], count n: Int, width w: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: n * w) { out, initialized in
            page.withUnsafeBufferPointer { p in
                for b in 0..<w {
                    let stream = p.baseAddress! + b * n
                    for i in 0..<n { out[i * w + b] = stream[i] }
                }
            }
            initialized = n * w
        }
    }

    private static func undo<T: FixedWidthInteger & UnsignedInteger>(
        _ v: UnsafeMutableBufferPointer<T>, _ type: RNTupleColumnType
    ) {
        if type.zigzag {
            for i in v.indices {
                let u = T(littleEndian: v[i])
                v[i] = ((u >> 1) ^ (0 &- (u & 1))).littleEndian
            }
        }
        if type.delta {
            var sum: T = 0
            for i in v.indices {
                sum &+= T(littleEndian: v[i])
                v[i] = sum.littleEndian
            }
        }
    }

    /// Whether plain elements of `type` already are the bytes of `target` (same width and kind of number).
    static func isLayout(of type: RNTupleColumnType, _ target: ROOTDataType) -> Bool {
        switch target {
        case .float: return type.kind == .real32 || type.isPacked
        case .double: return type.kind == .real64
        case .bool: return type.kind == .bit
        default: return !type.isReal && type.kind != .bit && type.width == target.size
        }
    }

    /// Element `i` of plain `bytes` of `type` as an integer (bit pattern, sign-extended when signed).
    static func integer(_ bytes: UnsafeRawBufferPointer, _ i: Int, _ type: RNTupleColumnType) -> Int64 {
        let w = type.width
        switch (w, type.kind) {
        case (8, _): return Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
        case (4, .signed): return Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
        case (4, _): return Int64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
        default: break
        }
        var raw: UInt64 = 0
        for b in 0..<w { raw |= UInt64(bytes[i * w + b]) << (8 * b) }
        if type.kind == .signed && w < 8 {
            let shift = UInt64(64 - 8 * w)
            return Int64(bitPattern: raw << shift) >> shift
        }
        return Int64(bitPattern: raw)
    }

    /// Element `i` of plain `bytes` of a real `type`, widened exactly to Double.
    static func real(_ bytes: UnsafeRawBufferPointer, _ i: Int, _ type: RNTupleColumnType) -> Double {
        let w = type.width
        var raw: UInt64 = 0
        for b in 0..<w { raw |= UInt64(bytes[i * w + b]) << (8 * b) }
        switch type.kind {
        case .real16: return Double(half(UInt16(raw)))
        case .real32, .real32Trunc, .real32Quant: return Double(Float(bitPattern: UInt32(raw)))
        default: return Double(bitPattern: raw)
        }
    }

    /// An IEEE-754 half-precision number, widened exactly to Float.
    static func half(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int(h >> 10 & 0x1F)
        let mantissa = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
