/// Turns one decompressed page into numbers: integers (bits, indices and every integer type, as
/// `Int64` bit patterns) or reals (as `Double`, exact for every stored width).
enum RNTuplePageDecoder {
    /// Appends the `n` integers of `page` to `out`, undoing the byte split, zigzag and delta encodings.
    static func integers(_ page: [UInt8], count n: Int, type: RNTupleColumnType, into out: inout [Int64]) {
        if type.kind == .bit {
            for i in 0..<n { out.append(Int64(page[i >> 3] >> UInt8(i & 7) & 1)) }
            return
        }
        let w = type.width
        let shift = 64 - 8 * w
        var previous: Int64 = 0
        for i in 0..<n {
            var raw: UInt64 = 0
            for b in 0..<w {
                let byte = type.split ? page[b * n + i] : page[i * w + b]
                raw |= UInt64(byte) << (8 * b)
            }
            var v: Int64
            if type.zigzag {
                v = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
            } else if type.kind == .signed {
                v = Int64(bitPattern: raw << shift) >> shift
            } else {
                v = Int64(bitPattern: raw)
            }
            if type.delta {
                v = i == 0 ? v : previous &+ v
                previous = v
            }
            out.append(v)
        }
    }

    /// Appends the `n` reals of `page` to `out`, undoing the byte split.
    static func reals(_ page: [UInt8], count n: Int, type: RNTupleColumnType, into out: inout [Double]) {
        let w = type.width
        for i in 0..<n {
            var raw: UInt64 = 0
            for b in 0..<w {
                let byte = type.split ? page[b * n + i] : page[i * w + b]
                raw |= UInt64(byte) << (8 * b)
            }
            switch type.kind {
            case .real16: out.append(Double(half(UInt16(raw))))
            case .real32: out.append(Double(Float(bitPattern: UInt32(raw))))
            default: out.append(Double(bitPattern: raw))
            }
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
