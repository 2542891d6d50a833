import Foundation
import Testing
@testable import ParamRunStats

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(StatsError) -> JSONValue { try JSONParser.parse(text, file: "t.json") }

    /// The error `text` gives, as `line:column: reason`.
    func failure(_ text: String, maximumDepth: Int = JSONParser.defaultMaximumDepth) -> String {
        do {
            _ = try JSONParser.parse(Array(text.utf8), file: "t.json", maximumDepth: maximumDepth)
            return "no error"
        } catch {
            guard case let .malformedJSON(file, line, column, reason) = error, file == "t.json" else {
                return "unexpected \(error)"
            }
            return "\(line):\(column): \(reason)"
        }
    }

    @Test func valuesKeepTheirTypesAndKeyOrder() throws {
        let value = try parse(#" {"b": [1, -2.5, true, false, null], "a": {"": "x"}, "c": []} "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == .array([.number(1), .number(-2.5), .bool(true), .bool(false), .null]))
        #expect(object["a"] == .object(JSONObject(["": .string("x")])))
        #expect(object["c"] == .array([]))
        #expect(try parse("\"only\"") == .string("only"))
        #expect(try parse("\n 7 \t\r\n") == .number(7))
    }

    @Test func structuralErrorsNameLineAndColumn() {
        #expect(failure("{\"a\": 1 \"b\": 2}") == "1:9: expected ',' or '}', found '\"'")
        #expect(failure("[1,\n 2,\n 3 4]") == "3:4: expected ',' or ']', found '4'")
        #expect(failure("[1, 2,]") == "1:7: trailing comma before ']'")
        #expect(failure("{\"a\": 1,}") == "1:9: trailing comma before '}'")
        #expect(failure("{\"a\" 1}") == "1:6: expected ':' after the key, found '1'")
        #expect(failure("{1: 2}") == "1:2: expected a string key, found '1'")
        #expect(failure("[1, 2") == "1:6: unexpected end of input, expected ',' or ']'")
        #expect(failure("") == "1:1: unexpected end of input, expected a value")
        #expect(failure("[tru]") == "1:2: invalid literal, expected 'true'")
        #expect(failure("[nul") == "1:2: invalid literal, expected 'null'")
        #expect(failure("{} x") == "1:4: 'x' after the JSON value")
        #expect(failure("[NaN]") == "1:2: 'N', expected a value")
        #expect(failure("// c\n1") == "1:1: '/', expected a value")
        #expect(failure("['a']") == "1:2: ''', expected a value")
        #expect(failure("\u{FEFF}{}").hasSuffix("a byte order mark is not allowed before JSON (RFC 8259, section 8.1)"))
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(failure("[\"é€😀\" x]") == "1:8: expected ',' or ']', found 'x'")
    }

    @Test func duplicateKeysAreRefusedAtTheSecondKey() {
        #expect(failure("{\"a\": 1,\n \"a\": 2}") == "2:2: duplicate key \"a\" in an object")
        // Past 16 members the check switches to a set; it must still catch a late duplicate.
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(failure("{\(members), \"k3\": 0}") == "1:\(members.count + 4): duplicate key \"k3\" in an object")
        #expect((try? parse("{\(members)}"))?.objectValue?.count == 40)
    }

    @Test func nestingIsLimited() throws {
        #expect(
            failure(String(repeating: "[", count: 4) + String(repeating: "]", count: 4), maximumDepth: 3)
                == "1:4: arrays and objects nested deeper than 3 levels")
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONParser.parse(deep, file: "t.json") }
        let tooDeep = String(repeating: "[", count: 100_000)
        #expect(failure(tooDeep) == "1:513: arrays and objects nested deeper than 512 levels")
    }

    @Test func stringEscapesDecode() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
        // A surrogate pair is one scalar; raw UTF-8 passes through unchanged.
        #expect(try parse(#""\uD83D\uDE00 😀""#) == .string("😀 😀"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func badStringsAreRefused() {
        #expect(failure(#"["ab\x"]"#) == "1:5: invalid escape \\x in a string")
        #expect(failure(#"["\u12G4"]"#) == "1:3: a \\u escape needs four hex digits")
        #expect(failure(#"["\uD83D"]"#) == "1:3: \\uD83D is a high surrogate without a low surrogate after it")
        #expect(
            failure(#"["\uD83D\u0041"]"#) == "1:3: \\uD83D is a high surrogate followed by \\u0041, not a low surrogate"
        )
        #expect(failure(#"["\uDE00"]"#) == "1:3: \\uDE00 is a low surrogate without a high surrogate before it")
        #expect(failure("[\"a\nb\"]") == "1:4: control character U+000A in a string must be escaped")
        #expect(failure("[\"abc") == "1:2: unterminated string")
        #expect(failure("[\"a\\") == "1:4: unterminated string")
        let invalidUTF8: [UInt8] = [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D] // ["\xC3("]
        #expect(
            throws: StatsError.malformedJSON(file: "b", line: 1, column: 2, reason: "a string that is not valid UTF-8")
        ) {
            try JSONParser.parse(invalidUTF8, file: "b")
        }
    }

    @Test func numbersFollowTheGrammarAndRoundCorrectly() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("12", 12), ("-3.25", -3.25), ("1e3", 1000), ("1E+3", 1000), ("2.5e-3", 0.0025),
            ("0.1", 0.1), ("0.008575495332479477", 0.008575495332479477),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("1.7976931348623157e308", .greatestFiniteMagnitude), ("5e-324", 5e-324), ("1e-400", 0),
            ("0.000001234", 0.000001234), ("9007199254740993", 9007199254740992)
        ]
        for (text, expected) in cases {
            let value = try #require(try parse(text).numberValue, "\(text)")
            #expect(value == expected && value.sign == expected.sign, "\(text) → \(value)")
        }
    }

    @Test func badNumbersAreRefused() {
        #expect(failure("[01]") == "1:2: leading zeros are not allowed in a number")
        #expect(failure("[-]") == "1:3: expected a digit after '-', found ']'")
        #expect(failure("[1.]") == "1:4: expected a digit after '.', found ']'")
        #expect(failure("[1e]") == "1:4: expected a digit in the exponent, found ']'")
        #expect(failure("[+1]") == "1:2: '+', expected a value")
        #expect(failure("[.5]") == "1:2: '.', expected a value")
        #expect(failure("[1e400]") == "1:2: number 1e400 is beyond the range of a double")
        #expect(failure("[-1e309]") == "1:2: number -1e309 is beyond the range of a double")
    }

    @Test func malformedJSONPrintsCompilerStyle() {
        let error = StatsError.malformedJSON(file: "ws.json", line: 12, column: 7, reason: "expected ',' or '}'")
        #expect(error.description == "ws.json:12:7: expected ',' or '}'")
        #expect(
            StatsError.invalidJSON(file: "ws.json", path: "channels[0]", reason: "r").description
                == "ws.json: channels[0]: r")
    }

    @Test func filesOverTheLimitOrMissingAreRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paramrun-json-\(getpid()).json")
        try Data("[1, 2, 3]".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try JSONFile.parse(url) == .array([.number(1), .number(2), .number(3)]))
        #expect(throws: StatsError.unreadableFile(file: url.path, reason: "9 bytes is larger than the 8-byte limit")) {
            try JSONFile.parse(url, maximumSize: 8)
        }
        let missing = url.appendingPathExtension("missing")
        #expect(throws: StatsError.self) { try JSONFile.parse(missing) }
        #expect(throws: StatsError.unreadableFile(file: "/tmp", reason: "is a directory, not a file")) {
            try JSONFile.parse(URL(fileURLWithPath: "/tmp"))
        }
    }

    @Test func streamsAreReadToTheirEndOrRefusedPastTheLimit() throws {
        /// A pipe holding `text`, its writer closed, and the path that opens its reader.
        func pipe(_ text: String) throws -> (path: String, reader: Int32) {
            var fds: [Int32] = [0, 0]
            try #require(Glibc.pipe(&fds) == 0)
            let bytes = Array(text.utf8)
            try #require(bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) } == bytes.count)
            close(fds[1])
            return ("/dev/fd/\(fds[0])", fds[0])
        }
        let small = try pipe("{\"a\": [true]}")
        defer { close(small.reader) }
        #expect(
            try JSONFile.parse(URL(fileURLWithPath: small.path)) == .object(JSONObject(["a": .array([.bool(true)])])))
        let large = try pipe("[" + String(repeating: "1,", count: 50) + "1]")
        defer { close(large.reader) }
        #expect(throws: StatsError.unreadableFile(file: large.path, reason: "more than the 64-byte limit arrived")) {
            try JSONFile.parse(URL(fileURLWithPath: large.path), maximumSize: 64)
        }
    }
}
