import Foundation
import ParamRunTestSupport
import Testing

/// Every spec in Tests/Fixtures/specs/invalid must fail with exactly the errors beside it.
@Suite struct InvalidSpecTests {
    static let folder = Binary.fixtures.appendingPathComponent("specs/invalid")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }.sorted()
    }

    @Test func thereAreAtLeastTwentyFiveCases() {
        #expect(Self.cases.count >= 25)
    }

    @Test(arguments: cases)
    func failsWithTheExpectedErrors(name: String) throws {
        let expected = try String(contentsOf: Self.folder.appendingPathComponent("\(name).expected"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let scratch = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Run from the fixtures folder so paths print as `invalid/NAME.yaml`.
        let result = try Binary.run(["validate", "invalid/\(name).yaml"], in: Self.folder.deletingLastPathComponent())
        #expect(result.status == 2)
        let errors = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") }
        #expect(errors == expected)
        #expect(result.stdout.isEmpty)
    }

    @Test func showsTheOffendingLineWithACaret() throws {
        let result = try Binary.run(
            ["validate", "invalid/zero-epochs.yaml"], in: Self.folder.deletingLastPathComponent())
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.firstIndex { $0.hasPrefix("invalid/zero-epochs.yaml:10:40: error:") })
        #expect(lines[at + 1] == "  param: {type: parameterized, epochs: 0}")
        #expect(lines[at + 2] == String(repeating: " ", count: 39) + "^")
    }

    @Test func writesNothingUnderOutputs() throws {
        let scratch = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let spec = Self.folder.appendingPathComponent("many-errors.yaml")
        let result = try Binary.run(["validate", spec.path], in: scratch)
        #expect(result.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    @Test func checksEverySpecGivenAndFailsIfAnyIsInvalid() throws {
        let result = try Binary.run([
            "validate", "specs/smoke.yaml", Self.folder.appendingPathComponent("empty.yaml").path
        ])
        #expect(result.status == 2)
        #expect(result.stdout.contains("specs/smoke.yaml: ok"))
        #expect(result.stderr.contains("empty.yaml:1:1: error: the spec is empty"))
    }
}
