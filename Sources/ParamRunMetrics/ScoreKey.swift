/// Float32 scores as unsigned integers that sort in the same order, so that a radix sort can rank them.
enum ScoreKey {
    /// Larger than the key of any non-NaN score (+inf maps to 0xFF80_0000), so a walk can use it as "past the end".
    static let end: UInt32 = .max

    /// Flips negative floats entirely and sets the sign bit of positive ones; -0.0 is folded into +0.0
    /// first because the two compare equal and must tie.
    @inline(__always)
    static func key(_ score: Float) -> UInt32 {
        var bits = score.bitPattern
        if bits == 0x8000_0000 { bits = 0 }
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    @inline(__always)
    static func score(_ key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
}
