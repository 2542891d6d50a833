import Foundation
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// Seeded mutants of every valid spec, validated by the built binary: each must be accepted or
/// refused with `file:line:col` errors and exit 2, never crash, hang or write a file.
@Suite struct SpecFuzzTests {
    static let mutantCount = 2_000
    /// Mutants per `paramrun validate` process: many files per start-up keeps the suite quick,
    /// and a crash still names its batch.
    static let batchSize = 100

    @Test func mutantsOfTheValidSpecsAreAcceptedOrRefusedCleanly() throws {
        let seeds = try Self.validSpecs()
        #expect(seeds.count >= 5)
        let scratch = try TemporaryDirectory.make("fuzz")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let specs = scratch.appendingPathComponent("specs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 20261201)
        var files: [String] = []
        for index in 0..<Self.mutantCount {
            let seed = seeds[rng.nextIndex(below: seeds.count)]
            let text = SpecMutator.mutate(seed, using: &rng)
            let name = "m\(index).yaml"
            try Data(text.utf8).write(to: specs.appendingPathComponent(name))
            files.append(name)
        }
        var accepted = 0, refused = 0
        for start in stride(from: 0, to: files.count, by: Self.batchSize) {
            let batch = Array(files[start..<min(files.count, start + Self.batchSize)])
            let result = try Binary.run(["validate"] + batch, in: specs)
            // A signal shows as a status above 128 from the shell's view; Process reports it as the signal number.
            #expect(
                result.status == 0 || result.status == 2,
                "batch from \(batch[0]): exit \(result.status)\n\(result.stderr.suffix(2000))")
            for line in result.stderr.split(separator: "\n") where line.contains(": error: ") {
                let location = line.prefix { $0 != " " }
                let parts = location.split(separator: ":")
                let ok = parts.count >= 3 && Int(parts[parts.count - 1]) != nil && Int(parts[parts.count - 2]) != nil
                #expect(ok, "an error without line:col: \(line.prefix(300))")
            }
            accepted += result.stdout.split(separator: "\n").filter { $0.hasSuffix(")") && $0.contains(": ok (") }.count
            refused +=
                result.stderr.split(separator: "\n").filter {
                    $0.hasSuffix(".yaml") && $0.contains(" error") && $0.contains(" in ")
                }.count
        }
        // Some mutants stay valid and most do not: both paths were exercised.
        #expect(accepted > 0)
        #expect(refused > Self.mutantCount / 4)
        // Validation writes nothing: the folder holds exactly the mutants.
        let after = try FileManager.default.contentsOfDirectory(atPath: specs.path)
        #expect(Set(after) == Set(files))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["specs"])
    }

    /// The specs users run, and the test suite's own valid fixtures.
    static func validSpecs() throws -> [String] {
        let folders = [
            Binary.packageRoot.appendingPathComponent("specs"), Binary.fixtures.appendingPathComponent("specs/valid")
        ]
        var texts: [String] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".yaml") {
                texts.append(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            }
        }
        return texts
    }
}

/// Line- and token-level mutations of a spec's text, drawn from a seeded generator.
enum SpecMutator {
    static let tokens = [
        "0", "-1", "1e400", "nan", "-.inf", "99999999999999999999", "1000000000000", "~", "''", "\"\"", "[]", "{}",
        "[1, [2, [3]]]", "{a: {b: {c: 1}}}", "*undefined", "&a x", "!each [1, 2]", "!each []", "!bogus 1", "yes",
        "\"\\u0000\"", "\"a\\nb\"", "<<: *a", "[500, 500]", String(repeating: "x", count: 5000), "0x10", "1_000",
        "{normal: -1}", "{sgd: {learning_rate: 0}}", "toy", "xttbar", "{hepmass: missing.csv}", "held-out", "trained"
    ]

    static func mutate(_ text: String, using rng: inout SeededGenerator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rounds = 1 + rng.nextIndex(below: 3)
        for _ in 0..<rounds where !lines.isEmpty {
            let i = rng.nextIndex(below: lines.count)
            switch rng.nextIndex(below: 9) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2:
                let j = rng.nextIndex(below: lines.count)
                lines.swapAt(i, j)
            case 3:
                // Replace the value after a key's colon.
                if let colon = lines[i].firstIndex(of: ":") {
                    lines[i] = String(lines[i][...colon]) + " " + tokens[rng.nextIndex(below: tokens.count)]
                }
            case 4:
                // Replace one number in the line.
                if let range = lines[i].range(of: #"[0-9]+(\.[0-9]+)?"#, options: .regularExpression) {
                    lines[i].replaceSubrange(range, with: tokens[rng.nextIndex(below: tokens.count)])
                }
            case 5: lines[i] = String(repeating: " ", count: rng.nextIndex(below: 5)) + lines[i]
            case 6: lines = Array(lines.prefix(i))
            case 7:
                let scalars = Array(lines[i].unicodeScalars)
                if !scalars.isEmpty {
                    var copy = scalars
                    copy[rng.nextIndex(below: copy.count)] =
                        ["\t", "\"", "'", "{", "[", ":", "#", "&", "*", "\u{0}", "é"][rng.nextIndex(below: 11)]
                    lines[i] = String(String.UnicodeScalarView(copy))
                }
            default:
                lines.insert("zz\(rng.nextIndex(below: 100)): \(tokens[rng.nextIndex(below: tokens.count)])", at: i)
            }
        }
        return lines.joined(separator: "\n")
    }
}
