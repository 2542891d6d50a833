import Foundation
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// Seeded mutants of the `statistics:` block of valid specs (values, types, extreme numbers,
/// missing and repeated keys), each through `paramrun validate`, and a few through a tiny
/// `paramrun run`, as child processes under a time and memory limit: every mutant ends with
/// exit 0 or an error, never a signal or a hang.
@Suite struct StatisticsFuzzTests {
    static let mutantCount = 400
    static let batchSize = 50
    static let runCount = 6
    /// The limits each child runs under: seconds of wall time, and kilobytes of address space.
    static let seconds = 120, kilobytes = 4 * 1024 * 1024

    static let seeds = [
        Binary.fixtures.appendingPathComponent("specs/run/toy-stats.yaml"),
        Binary.packageRoot.appendingPathComponent("specs/limits.yaml")
    ]

    /// paramrun with `arguments` in `folder`, stopped after ``seconds`` and refused memory past ``kilobytes``.
    static func limited(_ arguments: [String], in folder: URL) throws -> Binary.Result {
        try Binary.runLimited(arguments, in: folder, memoryKiB: kilobytes, seconds: seconds)
    }

    @Test func mutantsAreValidatedOrRefusedCleanly() throws {
        let scratch = try TemporaryDirectory.make("stats-fuzz")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let texts = try Self.seeds.map { try String(contentsOf: $0, encoding: .utf8) }
        var rng = SeededGenerator(seed: 20261226)
        var files: [String] = []
        for index in 0..<Self.mutantCount {
            let text = StatisticsMutator.mutate(texts[rng.nextIndex(below: texts.count)], using: &rng)
            let name = "s\(index).yaml"
            try Data(text.utf8).write(to: scratch.appendingPathComponent(name))
            files.append(name)
        }
        var accepted = 0, refused = 0
        for start in stride(from: 0, to: files.count, by: Self.batchSize) {
            let batch = Array(files[start..<min(files.count, start + Self.batchSize)])
            let result = try Self.limited(["validate"] + batch, in: scratch)
            #expect(
                result.status == 0 || result.status == 2,
                "batch from \(batch[0]): exit \(result.status)\n\(result.stderr.suffix(2000))")
            for line in result.stderr.split(separator: "\n") where line.contains(": error: ") {
                let parts = line.prefix { $0 != " " }.split(separator: ":")
                let located = parts.count >= 3 && Int(parts[parts.count - 1]) != nil
                #expect(located, "an error without line:col: \(line.prefix(300))")
            }
            accepted += result.stdout.split(separator: "\n").filter { $0.contains(": ok (") }.count
            refused +=
                result.stderr.split(separator: "\n").filter { $0.hasSuffix(".yaml") && $0.contains(" in ") }
                .count
        }
        #expect(accepted > 0)
        #expect(refused > Self.mutantCount / 4)
    }

    /// Mutants of the toy spec that validate are run; the toy's training is cached after the
    /// first, so each run is its histograms and limits: a result, or an error naming the point.
    @Test func validMutantsRunToAResultOrAnError() throws {
        let scratch = try TemporaryDirectory.make("stats-fuzz-run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let text = try String(contentsOf: Self.seeds[0], encoding: .utf8)
        var rng = SeededGenerator(seed: 20261227)
        var ran = 0
        for index in 0..<200 where ran < Self.runCount {
            let name = "r\(index).yaml"
            try Data(StatisticsMutator.mutate(text, using: &rng, numbersOnly: true).utf8)
                .write(to: scratch.appendingPathComponent(name))
            guard try Self.limited(["validate", name], in: scratch).status == 0 else { continue }
            ran += 1
            let result = try Self.limited(["run", name, "--outputs", "outputs", "--quiet"], in: scratch)
            #expect(result.status == 0 || result.status == 1, "\(name): exit \(result.status)\n\(result.stderr)")
            let limits = scratch.appendingPathComponent("outputs/toy-stats/limits.csv")
            if result.status == 0, let csv = try? String(contentsOf: limits, encoding: .utf8) {
                #expect(!csv.contains("inf") && !csv.contains("nan"), "\(name): \(csv)")
            }
        }
        #expect(ran > 0)
    }
}

/// Mutations of a spec's `statistics:` block only, drawn from a seeded generator.
enum StatisticsMutator {
    static let numbers = [
        "0", "-1", "1e308", "1e-308", "5e-324", "1e150", "1e12", "1000000000001", "1e400", ".nan", ".inf", "-.inf",
        "0.999999", "1", "3", "10001", "99999999999999999999", "-0", "2.5"
    ]
    static let values = numbers + ["~", "[]", "{}", "[1, 2]", "{a: 1}", "abc", "true", "'10'", "{yield: 1e308}"]
    static let keys = [
        "luminosity", "signal", "background", "binning", "bins", "strategy", "background_uncertainty", "models",
        "masses", "yield", "cross_section", "bogus"
    ]

    static func mutate(_ text: String, using rng: inout SeededGenerator, numbersOnly: Bool = false) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("statistics:") }) else { return text }
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix(" ") && !$0.isEmpty } ?? lines.count
        let block = Array((start + 1)..<end)
        for _ in 0..<(1 + rng.nextIndex(below: 3)) where !block.isEmpty {
            let i = block[rng.nextIndex(below: block.count)]
            let choice = numbersOnly ? 0 : rng.nextIndex(below: 6)
            switch choice {
            case 0, 1:
                // Replace one number in the line.
                if let range = lines[i].range(of: #"-?[0-9]+(\.[0-9]+)?"#, options: .regularExpression) {
                    let pool = choice == 0 ? numbers : values
                    lines[i].replaceSubrange(range, with: pool[rng.nextIndex(below: pool.count)])
                }
            case 2: lines[i] = "  # removed"
            case 3: lines.insert(lines[i], at: i)
            case 4:
                if let colon = lines[i].firstIndex(of: ":") {
                    lines[i] = String(lines[i][...colon]) + " " + values[rng.nextIndex(below: values.count)]
                }
            default:
                let key = keys[rng.nextIndex(below: keys.count)]
                lines[i] = "  \(key): \(values[rng.nextIndex(below: values.count)])"
            }
        }
        return lines.joined(separator: "\n")
    }
}
