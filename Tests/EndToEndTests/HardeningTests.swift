import Foundation
import ParamRunData
import ParamRunPipeline
import ParamRunSpec
import ParamRunTestSupport
import Testing

/// One regression test for each class of hostile or careless input that issue 11's probe found.
@Suite(.serialized) struct HardeningTests {
    static let toySpec = Binary.fixtures.appendingPathComponent("specs/run/toy-small.yaml").path

    /// Writes `text` as a spec in a fresh folder and validates it.
    func validate(_ text: String) throws -> Binary.Result {
        let folder = try TemporaryDirectory.make("hardening")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(text.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
        return try Binary.run(["validate", "spec.yaml"], in: folder)
    }

    func firstError(_ result: Binary.Result) -> String {
        result.stderr.split(separator: "\n").first { $0.contains(": error: ") }.map(String.init) ?? ""
    }

    static let header = """
        name: hostile
        datasets:
          train: {source: toy, masses: [0, 1], signal_per_mass: 10, background: 10}
          test: {source: toy, masses: [0, 1], signal_per_mass: 10, background: 10}
        evaluate: {masses: [0], models: [m]}

        """

    // 1. Deep nesting: a list, a mapping, and one inside `network:`.
    @Test(arguments: ["list", "mapping", "network"])
    func deepNestingIsAnErrorNotACrash(shape: String) throws {
        let depth = 10_000
        let body: String
        switch shape {
        case "list": body = "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        case "mapping":
            body = "x: " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        default:
            body =
                "models:\n  m: {type: parameterized, epochs: 1, hidden: " + String(repeating: "[", count: depth) + "1"
                + String(repeating: "]", count: depth) + "}"
        }
        let result = try validate(Self.header + body + "\n")
        #expect(result.status == 2)
        #expect(
            firstError(result).contains("nest more than \(YAMLParser.maximumDepth) levels"), "\(firstError(result))")
    }

    // 2. A billion laughs used through an alias as a value, and through a merge key.
    @Test(arguments: ["value", "merge"])
    func aliasBombsAreRefusedAtTheAlias(use: String) throws {
        var anchors = "a0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            anchors += "a\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let model =
            use == "value"
            ? "  m: {type: parameterized, epochs: 1, hidden: *l9}"
            : "  m: {<<: {hidden: *l9}, type: parameterized, epochs: 1}"
        let result = try validate(
            Self.header + "bombs:\n" + anchors.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
                + "\nmodels:\n" + model + "\n")
        #expect(result.status == 2)
        #expect(firstError(result).contains("aliases expand to more than"), "\(firstError(result))")
    }

    // 3. Large maps and lists validate (linearly; `make bench` times them), and sweeps are capped.
    @Test func twentyThousandUnknownKeysAreReportedAndSummarised() throws {
        let keys = (0..<20_000).map { "zz\($0): 1" }.joined(separator: "\n")
        let result = try validate(
            Self.header + "models:\n  m: {type: parameterized, epochs: 1, hidden: [4]}\n" + keys + "\n")
        #expect(result.status == 2)
        #expect(result.stderr.contains("20000 errors in spec.yaml"))
        #expect(result.stderr.contains("more problems in spec.yaml (20000 in all)"))
        #expect(result.stderr.count < 100_000, "the terminal gets a summary, not twenty thousand errors")
    }

    @Test func aTwentyThousandMassListValidates() throws {
        let masses = (0..<20_000).map { String(500 + $0) }.joined(separator: ", ")
        let text =
            Self.header.replacingOccurrences(
                of: "test: {source: toy, masses: [0, 1]", with: "test: {source: toy, masses: [0, 1, \(masses)]")
            + "models:\n  m: {type: parameterized, epochs: 1, hidden: [4]}\n"
        let result = try validate(text)
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
    }

    @Test(arguments: [[50_000], [1000, 1000]])
    func hugeSweepsAreRefusedAtTheTag(sizes: [Int]) throws {
        let axes = sizes.enumerated().map { index, size in
            (index == 0 ? "epochs" : "batch_size") + ": !each [" + (1...size).map(String.init).joined(separator: ", ")
                + "]"
        }
        let result = try validate(
            Self.header + "models:\n  m: {type: parameterized, hidden: [4], " + axes.joined(separator: ", ") + "}\n")
        #expect(result.status == 2)
        #expect(firstError(result).contains("a sweep of more than 1000 networks"), "\(firstError(result))")
        #expect(firstError(result).hasPrefix("spec.yaml:7:"))
    }

    // 4. Sizes are checked before work, at the value that makes a stage too large.
    @Test func aNetworkTooLargeForMemoryIsRefusedAtItsHiddenLine() throws {
        let result = try validate(
            Self.header + "models:\n  m: {type: parameterized, epochs: 1, hidden: [100000, 100000]}\n")
        #expect(result.status == 2)
        let error = firstError(result)
        #expect(error.hasPrefix("spec.yaml:7:"), "\(error)")
        #expect(error.contains("needs about") && error.contains("of memory"), "\(error)")
    }

    @Test func aTrillionEventsAreRefusedAtTheCount() throws {
        let text =
            Self.header.replacingOccurrences(
                of: "train: {source: toy, masses: [0, 1], signal_per_mass: 10, background: 10}",
                with: "train: {source: toy, masses: [0, 1], signal_per_mass: 10, background: 1000000000000}")
            + "models:\n  m: {type: parameterized, epochs: 1, hidden: [4]}\n"
        let result = try validate(text)
        #expect(result.status == 2)
        #expect(firstError(result).hasPrefix("spec.yaml:3:"), "\(firstError(result))")
        #expect(firstError(result).contains("1000000000020 events"))
    }

    @Test func aSmallerMemoryLimitIsHonoured() throws {
        let result = try validate(
            Self.header + "limits: {memory: 1M}\nmodels:\n  m: {type: parameterized, epochs: 1, hidden: [500, 500]}\n")
        #expect(result.status == 2)
        #expect(firstError(result).contains("(limits.memory)"), "\(firstError(result))")
    }

    // 5, 6, 9. The store verifies itself and heals.
    @Test(arguments: ["truncate", "flip", "edit-report", "lose-record"])
    func aDamagedStoreEntryIsReportedMovedAsideAndRecomputed(damage: String) throws {
        let outputs = try TemporaryDirectory.make("store")
        defer { try? FileManager.default.removeItem(at: outputs) }
        let first = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let model = outputs.appendingPathComponent("toy-small/models/param.prmodel")
        let table = outputs.appendingPathComponent("toy-small/auc_vs_mass.csv")
        let goodModel = try Data(contentsOf: model), goodTable = try Data(contentsOf: table)
        let store = outputs.appendingPathComponent(".store")
        func entry(holding file: String) throws -> URL {
            let keys = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { !$0.hasPrefix(".") }
            let key = try #require(
                keys.first {
                    FileManager.default.fileExists(atPath: store.appendingPathComponent("\($0)/\(file)").path)
                })
            return store.appendingPathComponent(key)
        }
        switch damage {
        case "truncate":
            let url = try entry(holding: "model.prmodel").appendingPathComponent("model.prmodel")
            try Data(try Data(contentsOf: url).prefix(100)).write(to: url)
        case "flip":
            let url = try entry(holding: "model.prmodel").appendingPathComponent("model.prmodel")
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count / 2] ^= 0x10
            try bytes.write(to: url)
        case "edit-report":
            let url = try entry(holding: "auc_vs_mass.csv").appendingPathComponent("auc_vs_mass.csv")
            try Data("model,type,mass,auc\nparam,parameterized,0,0.999999\n".utf8).write(to: url)
        default:
            try FileManager.default.removeItem(
                at: try entry(holding: "model.prmodel").appendingPathComponent("stage.json"))
        }
        let verify = try Binary.run(["verify", Self.toySpec, "--outputs", outputs.path])
        if damage == "lose-record" {
            #expect(verify.status == 1 && verify.stderr.contains("is incomplete"), "\(verify.stderr)")
        } else {
            #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
            #expect(verify.stderr.contains("is corrupt"), "\(verify.stderr)")
        }
        let second = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.components(separatedBy: "REPAIR").count == 2, "reported once: \(second.stderr)")
        #expect(try Data(contentsOf: model) == goodModel)
        #expect(try Data(contentsOf: table) == goodTable)
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(".corrupt").path))
        let clean = try Binary.run(["verify", "--outputs", outputs.path])
        #expect(clean.status == 0, "\(clean.stderr)")
    }

    @Test func aFlippedFeatureFileIsCaughtEvenUnderForce() throws {
        let outputs = try TemporaryDirectory.make("force")
        defer { try? FileManager.default.removeItem(at: outputs) }
        #expect(try Binary.run(["run", Self.toySpec, "--outputs", outputs.path, "--quiet"]).status == 0)
        let store = outputs.appendingPathComponent(".store")
        let keys = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { !$0.hasPrefix(".") }
        let features = try #require(
            keys.lazy.map { store.appendingPathComponent("\($0)/features.npy") }
                .first { FileManager.default.fileExists(atPath: $0.path) })
        var bytes = try Data(contentsOf: features)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: features)
        let forced = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path, "--force", "train/param"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("features.npy its SHA-256 differs"), "\(forced.stderr)")
    }

    // 7. Two writers of one events.jsonl never interleave a line.
    @Test func concurrentEventLogWritersKeepLinesWhole() async throws {
        let folder = try TemporaryDirectory.make("events")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("events.jsonl")
        let logs = [try EventLog(url: url), try EventLog(url: url)]
        await withTaskGroup(of: Void.self) { group in
            for (w, log) in logs.enumerated() {
                group.addTask {
                    for i in 0..<2_000 {
                        var event = RunEvent(.message, stage: "writer-\(w)")
                        event.message = String(repeating: "m", count: 200 + i % 50)
                        log.append(event)
                    }
                }
            }
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4_000)
        #expect(lines.allSatisfy { RunEvent.parse(String($0)) != nil })
    }

    // 8. Long values are cut in messages.
    @Test func aHugeCellIsQuotedByItsStartAndSize() throws {
        let folder = try TemporaryDirectory.make("cell")
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "# label," + (0..<27).map { "f\($0)" }.joined(separator: ",") + ",mass\n"
        let row =
            "1," + Array(repeating: "0.5", count: 26).joined(separator: ",") + ","
            + String(repeating: "9x", count: 5_000_000) + ",500\n"
        let csv = folder.appendingPathComponent("big.csv")
        try Data((header + row).utf8).write(to: csv)
        do {
            _ = try HEPMASSReader.read(csv)
            Issue.record("a 10 MB cell read as a number")
        } catch let error as DataError {
            let text = error.description
            #expect(text.contains("(10.0 MB)"), "\(text.prefix(400))")
            #expect(text.contains("big.csv:2"), "names the file and row: \(text.prefix(200))")
            #expect(text.utf8.count < 1_000)
        }
    }

    // 10. Job scripts: paths that would break their syntax are refused; values are quoted.
    @Test func aNewlineInTheOutputsPathIsRefusedBeforeAnyScriptIsWritten() throws {
        let outputs = try TemporaryDirectory.make("newline").appendingPathComponent("out\necho injected")
        defer { try? FileManager.default.removeItem(at: outputs.deletingLastPathComponent()) }
        let result = try Binary.run([
            "submit", Self.toySpec, "--backend", "slurm", "--dry-run", "--outputs", outputs.path
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("contains a control character"), "\(result.stderr)")
    }

    @Test func aMemoryRequestWithATrailingNewlineIsRefused() throws {
        let result = try validate(
            Self.header + "models:\n  m: {type: parameterized, epochs: 1, hidden: [4]}\ncluster: {memory: \"4G\\n\"}\n")
        #expect(result.status == 2)
        #expect(firstError(result).contains("cluster.memory"), "\(firstError(result))")
    }

    // 11. Publishing refuses a symlinked folder instead of writing through it (or replacing it).
    @Test func publishingNeverWritesThroughASymlink() throws {
        let outputs = try TemporaryDirectory.make("symlink")
        let elsewhere = try TemporaryDirectory.make("elsewhere")
        defer {
            try? FileManager.default.removeItem(at: outputs)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let plots = outputs.appendingPathComponent("toy-small/plots")
        try FileManager.default.createDirectory(
            at: plots.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: plots, withDestinationURL: elsewhere)
        let result = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path, "--quiet"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("cannot publish \(plots.path): it is a symbolic link"), "\(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: plots.path) == elsewhere.path)
    }
}
