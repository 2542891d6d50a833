/// Converts decimal text to `Float` quickly and exactly.
///
/// Up to 19 significant digits are gathered into an integer; when that integer and the
/// power of ten are both exact in `Double` (mantissa ≤ 2⁵³, |exponent| ≤ 22) one
/// multiplication or division gives the correctly rounded `Double`. Rounding that to `Float`
/// is then exact except when the `Double` lies exactly halfway between two floats, which is
/// detected and, like every other unusual case, handed to the C library's `strtof`.
enum DecimalParser {
    static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    ]

    /// Parses the longest number at `start`; returns nil when no number starts there.
    ///
    /// Accepts `[+-]digits[.digits][(e|E)[+-]digits]`, including `.5` and `5.`. The result
    /// may be infinite (overflow); `nan`/`inf` spellings are not numbers here.
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (
        value: Float, next: UnsafePointer<UInt8>
    )? {
        var p = start
        var negative = false
        if p < end {
            let c = p.pointee
            if c == UInt8(ascii: "-") { negative = true; p += 1 } else if c == UInt8(ascii: "+") { p += 1 }
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        var inexact = false
        while p < end {
            let d = p.pointee &- 48
            if d > 9 { break }
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { inexact = true }
            }
            p += 1
        }
        if p < end && p.pointee == UInt8(ascii: ".") {
            p += 1
            while p < end {
                let d = p.pointee &- 48
                if d > 9 { break }
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    inexact = true
                }
                p += 1
            }
        }
        guard sawDigit else { return nil }
        if p < end && (p.pointee | 0x20) == UInt8(ascii: "e") {
            var q = p + 1
            var expNegative = false
            if q < end {
                if q.pointee == UInt8(ascii: "-") {
                    expNegative = true; q += 1
                } else if q.pointee == UInt8(ascii: "+") {
                    q += 1
                }
            }
            var e = 0
            var sawExpDigit = false
            while q < end {
                let d = q.pointee &- 48
                if d > 9 { break }
                sawExpDigit = true
                if e < 100_000 { e = e * 10 + Int(d) }
                q += 1
            }
            // "1e" or "1e+" is not a number; leave the 'e' for the caller to reject.
            if sawExpDigit {
                exponent += expNegative ? -e : e
                p = q
            }
        }
        if mantissa == 0 && !inexact { return (negative ? -0.0 : 0.0, p) }
        if !inexact && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var d = Double(mantissa)
            if exponent > 0 { d *= exactPowers[exponent] } else if exponent < 0 { d /= exactPowers[-exponent] }
            // A double exactly halfway between two floats would round twice; let strtof decide.
            let halfway = (d.bitPattern & 0x1FFF_FFFF) == 0x1000_0000
            if !halfway && d >= Double(Float.leastNormalMagnitude) {
                let f = Float(d)
                return (negative ? -f : f, p)
            }
            if d == 0 { return (negative ? -0.0 : 0.0, p) }
        }
        return (slow(start, p), p)
    }

    static func slow(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Float {
        let text = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        return Float(text) ?? .nan
    }
}
