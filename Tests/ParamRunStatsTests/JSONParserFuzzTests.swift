import Foundation
import ParamRunSupport
import Testing
@testable import ParamRunStats

/// Seeded mutations of a workspace: each one parses, or fails with a located error; none crashes.
@Suite struct JSONParserFuzzTests {
    static let alphabet = Array("{}[],:\"\\ 0123456789.eE+-truefalsnul\n\t".utf8) + [0x00, 0xC3, 0xFF]

    static func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let i = Int.random(in: 0..<bytes.count, using: &generator)
            let byte = alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[i] = byte
            case 1 where bytes.count > 1: bytes.remove(at: i)
            default: bytes.insert(byte, at: i)
            }
        }
        return bytes
    }

    @Test func mutatedDocumentsParseOrFailAtALineAndColumn() {
        let original = Array(JSONWorkspaceTests.valid.utf8)
        var generator = SeededGenerator(seed: 23, stream: "json-fuzz")
        var accepted = 0
        var refused = 0
        for _ in 0..<3000 {
            let bytes = Self.mutate(original, using: &generator)
            let lines = bytes.filter { $0 == 0x0A }.count + 1
            do {
                _ = try JSONParser.parse(bytes, file: "fuzz.json")
                accepted += 1
                // This parser is the stricter: what it accepts, Foundation's accepts too.
                let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
                #expect(foundation != nil, "\(String(decoding: bytes, as: UTF8.self))")
            } catch {
                refused += 1
                guard case let .malformedJSON(file, line, column, reason) = error else {
                    Issue.record("not a located error: \(error)")
                    continue
                }
                #expect(file == "fuzz.json" && (1...lines).contains(line) && column >= 1 && !reason.isEmpty)
            }
        }
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused)")
    }
}
