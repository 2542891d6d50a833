import Foundation

extension JSONParser {
    /// Reads a string at the opening quote. A string without escapes becomes a `String` straight
    /// from its slice of the buffer; one with escapes is decoded into a scratch buffer first.
    mutating func parseString() throws(StatsError) -> String {
        let start = index
        index += 1
        let contentStart = index
        var seen: UInt8 = 0 // every byte or-ed in: below 0x80 means ASCII, valid UTF-8 as it is
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let utf8 = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                let text = seen < 0x80 ? String(decoding: utf8, as: UTF8.self) : try makeString(utf8, start: start)
                index += 1
                return text
            }
            seen |= byte
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(start: start, contentStart: contentStart) }
            if byte < 0x20 { throw error(controlCharacterMessage(byte)) }
            index += 1
        }
        throw error("unterminated string", at: start)
    }

    func controlCharacterMessage(_ byte: UInt8) -> String {
        String(format: "control character U+%04X in a string must be escaped", Int(byte))
    }

    func makeString(_ utf8: UnsafeBufferPointer<UInt8>, start: Int) throws(StatsError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw error("a string that is not valid UTF-8", at: start)
        }
        return text
    }

    /// The slow path: the string has escapes, so its bytes are decoded one by one.
    mutating func parseEscapedString(start: Int, contentStart: Int) throws(StatsError) -> String {
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let result = scratch.withUnsafeBufferPointer { utf8 in
                    Result { () throws(StatsError) in try makeString(utf8, start: start) }
                }
                return try result.get()
            case UInt8(ascii: "\\"):
                try parseEscape(into: &scratch)
            case 0..<0x20:
                throw error(controlCharacterMessage(byte))
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw error("unterminated string", at: start)
    }

    /// Decodes one escape at the backslash, appending its UTF-8 to `scratch`.
    mutating func parseEscape(into scratch: inout [UInt8]) throws(StatsError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw error("unterminated string", at: escapeStart) }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape(escapeStart: escapeStart)
            scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error("invalid escape \\\(describeEscapeLetter(letter)) in a string", at: escapeStart)
        }
    }

    func describeEscapeLetter(_ letter: UInt8) -> String {
        letter >= 0x21 && letter < 0x7F
            ? String(Character(Unicode.Scalar(letter))) : String(format: "U+%04X", Int(letter))
    }

    /// The scalar of a `\uXXXX` escape (after its `u`), joining a UTF-16 surrogate pair.
    mutating func parseUnicodeEscape(escapeStart: Int) throws(StatsError) -> Unicode.Scalar {
        let unit = try parseHex4(escapeStart: escapeStart)
        switch unit {
        case 0xD800...0xDBFF:
            let lowStart = index
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw error(
                    String(format: "\\u%04X is a high surrogate without a low surrogate after it", unit),
                    at: escapeStart)
            }
            index += 2
            let low = try parseHex4(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error(
                    String(format: "\\u%04X is a high surrogate followed by \\u%04X, not a low surrogate", unit, low),
                    at: escapeStart)
            }
            let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value)!
        case 0xDC00...0xDFFF:
            throw error(
                String(format: "\\u%04X is a low surrogate without a high surrogate before it", unit), at: escapeStart)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    /// Four hex digits of a `\u` escape.
    mutating func parseHex4(escapeStart: Int) throws(StatsError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("unterminated \\u escape", at: escapeStart) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
