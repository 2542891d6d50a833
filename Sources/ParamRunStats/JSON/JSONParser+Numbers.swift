import Foundation

extension JSONParser {
    /// Exact powers of ten: every one up to 10²² is a `Double` without rounding.
    static let exactPowersOfTen: [Double] = (0...22).map { (e: Int) -> Double in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// Reads a number, checking RFC 8259's grammar byte by byte.
    ///
    /// Most numbers take Clinger's fast path: at most 15 significant digits and a power of ten
    /// up to 10²² are both exact doubles, so one multiplication or division rounds correctly.
    /// Longer numbers (a float printed with 17 digits) go through the standard library's
    /// correctly rounded conversion. A number beyond `Double`'s range is an error, never `inf`.
    mutating func parseNumber() throws(StatsError) -> Double {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0 // significant digits kept in `mantissa`
        var dropped = false // a nonzero digit did not fit in `mantissa`
        var exponent = 0 // power of ten to apply to `mantissa`
        guard let first = digitAt(index) else { throw expected("a digit after '-'") }
        if first == 0 {
            index += 1
            if digitAt(index) != nil { throw error("leading zeros are not allowed in a number", at: start) }
        } else {
            while let d = digitAt(index) {
                accumulate(d, into: &mantissa, digits: &digits, dropped: &dropped, exponent: &exponent, fraction: false)
                index += 1
            }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard digitAt(index) != nil else { throw expected("a digit after '.'") }
            while let d = digitAt(index) {
                accumulate(d, into: &mantissa, digits: &digits, dropped: &dropped, exponent: &exponent, fraction: true)
                index += 1
            }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                exponentNegative = peek() == UInt8(ascii: "-")
                index += 1
            }
            guard digitAt(index) != nil else { throw expected("a digit in the exponent") }
            var written = 0
            while let d = digitAt(index) {
                if written < 100_000 { written = written * 10 + Int(d) }
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        if !dropped, digits <= 15, abs(exponent) <= 22 {
            let m = Double(mantissa)
            let value = exponent < 0 ? m / Self.exactPowersOfTen[-exponent] : m * Self.exactPowersOfTen[exponent]
            return negative ? -value : value
        }
        return try slowNumber(from: start)
    }

    /// Adds one digit to the mantissa, or counts it in the exponent once the mantissa is full.
    func accumulate(
        _ d: UInt8, into mantissa: inout UInt64, digits: inout Int, dropped: inout Bool, exponent: inout Int,
        fraction: Bool
    ) {
        if mantissa == 0, d == 0 {
            // Leading zeros are not significant; in a fraction they still move the point.
            if fraction { exponent -= 1 }
            return
        }
        if digits < 19 {
            mantissa = mantissa * 10 + UInt64(d)
            digits += 1
            if fraction { exponent -= 1 }
        } else {
            if d != 0 { dropped = true }
            if !fraction { exponent += 1 }
        }
    }

    /// The correctly rounded value of the number text from `start` to the current byte.
    ///
    /// The C library's `strtod` reads it from a copy on the stack, several times faster than
    /// `Double(String)`; its answer is taken only when it read every byte, which it does not if a
    /// locale makes `,` the decimal point, and only when it is finite. Anything else goes to the
    /// standard library, which knows no locale, and whose verdict on overflow is the error.
    func slowNumber(from start: Int) throws(StatsError) -> Double {
        let count = index - start
        let quick: Double? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for i in 0..<count { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            return end == buffer.baseAddress! + count && value.isFinite ? value : nil
        }
        if let quick { return quick }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw error("number \(text) cannot be read", at: start) }
        guard value.isFinite else { throw error("number \(text) is beyond the range of a double", at: start) }
        return value
    }

    func digitAt(_ i: Int) -> UInt8? {
        guard i < bytes.count else { return nil }
        let byte = bytes[i] &- UInt8(ascii: "0")
        return byte < 10 ? byte : nil
    }
}
