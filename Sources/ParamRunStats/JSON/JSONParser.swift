import Foundation

/// A strict RFC 8259 JSON parser that reads bytes and reports errors as `file:line:column`.
///
/// Strict means: one value and nothing after it but whitespace; no comments, trailing commas,
/// single quotes, `NaN` or leading zeros; UTF-8 only; a duplicate key in an object, a number that
/// overflows a `Double` and a lone UTF-16 surrogate in a `\u` escape are errors too. Nesting is
/// limited (``defaultMaximumDepth``) so a hostile file cannot exhaust the stack.
///
/// The parser walks the buffer byte by byte and builds strings from whole slices, so a workspace
/// of a megabyte parses in milliseconds.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted unless a caller asks for another.
    public static let defaultMaximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let maximumDepth: Int
    var index = 0

    /// Parses the JSON document in `bytes`; `file` names it in errors.
    /// - Throws: ``StatsError/malformedJSON(file:line:column:reason:)``.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, maximumDepth: Int = defaultMaximumDepth
    ) throws(StatsError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, file: file, maximumDepth: maximumDepth)
        return try parser.parseDocument()
    }

    /// Parses the JSON document in `bytes`; `file` names it in errors.
    /// - Throws: ``StatsError/malformedJSON(file:line:column:reason:)``.
    public static func parse(
        _ bytes: [UInt8], file: String, maximumDepth: Int = defaultMaximumDepth
    ) throws(StatsError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(StatsError) in try parse(buffer, file: file, maximumDepth: maximumDepth) }
        }
        return try result.get()
    }

    /// Parses the JSON document in `text`; `file` names it in errors.
    /// - Throws: ``StatsError/malformedJSON(file:line:column:reason:)``.
    public static func parse(
        _ text: String, file: String, maximumDepth: Int = defaultMaximumDepth
    ) throws(StatsError) -> JSONValue {
        try parse(Array(text.utf8), file: file, maximumDepth: maximumDepth)
    }

    mutating func parseDocument() throws(StatsError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw error("a byte order mark is not allowed before JSON (RFC 8259, section 8.1)")
        }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if index < bytes.count { throw error("\(describe(bytes[index])) after the JSON value") }
        return value
    }

    mutating func parseValue(depth: Int) throws(StatsError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let byte: throw error("\(describe(byte)), expected a value")
        }
    }

    mutating func parseObject(depth: Int) throws(StatsError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var object = JSONObject()
        var seen: Set<String> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return .object(object) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") { throw error("trailing comma before '}'") }
                throw expected("a string key")
            }
            let keyStart = index
            let key = try parseString()
            // Small objects are scanned; a set is kept only once an object grows.
            let duplicate: Bool
            if object.count < 16 {
                duplicate = object.members.contains { $0.key == key }
            } else {
                if seen.isEmpty { seen = Set(object.keys) }
                duplicate = !seen.insert(key).inserted
            }
            if duplicate { throw error("duplicate key \"\(key)\" in an object", at: keyStart) }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw expected("':' after the key") }
            index += 1
            let value = try parseValue(depth: depth)
            object.appendUnchecked(key, value)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(object)
            default: throw expected("',' or '}'")
            }
        }
    }

    mutating func parseArray(depth: Int) throws(StatsError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "]"), !elements.isEmpty { throw error("trailing comma before ']'") }
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw expected("',' or ']'")
            }
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws(StatsError) {
        let start = index
        let utf8 = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw error("invalid literal, expected '\(word)'", at: start)
            }
            index += 1
        }
    }

    func checkDepth(_ depth: Int) throws(StatsError) {
        if depth > maximumDepth { throw error("arrays and objects nested deeper than \(maximumDepth) levels") }
    }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// "expected X", naming what was found instead.
    func expected(_ what: String) -> StatsError {
        guard index < bytes.count else { return error("unexpected end of input, expected \(what)") }
        return error("expected \(what), found \(describe(bytes[index]))")
    }

    /// A byte for a message: `'x'` when printable ASCII, else its code.
    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return String(format: "character U+%04X", Int(byte)) }
        return "non-ASCII byte 0x\(String(byte, radix: 16, uppercase: true)) outside a string"
    }

    /// An error at `offset` (the current byte by default), with its line and column counted from
    /// the start; columns count characters, not bytes.
    func error(_ reason: String, at offset: Int? = nil) -> StatsError {
        let end = min(offset ?? index, bytes.count)
        var line = 1
        var column = 1
        for i in 0..<end {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1; column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return .malformedJSON(file: file, line: line, column: column, reason: reason)
    }
}
