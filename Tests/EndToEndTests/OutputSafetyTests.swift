import Foundation
import ParamRunTestSupport
import Testing

/// What paramrun writes, under hostile destinations: `-o` over special files and over its own
/// input, links planted in `outputs/<spec>/`, a tampered store entry without its record, and a
/// place it cannot publish to.
@Suite(.serialized) struct OutputSafetyTests {
    static let toySpec = Binary.fixtures.appendingPathComponent("specs/run/toy-small.yaml").path
    static let rootFile = Binary.fixtures.appendingPathComponent("root/gen-lz4.root")

    func generate(to path: String) throws -> Binary.Result {
        try Binary.run([
            "generate", "--generator", "toy", "--masses", "0", "--signal-per-mass", "5", "--background", "5",
            "-o", path
        ])
    }

    // 13. `-o` never replaces a link, a FIFO or a folder, nor the file being read.
    @Test func generateRefusesALinkAFIFOAndAFolderAndLeavesThemAsTheyWere() throws {
        let folder = try TemporaryDirectory.make("output-o")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.csv"), link = folder.appendingPathComponent("link.csv")
        try Data("kept\n".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let fifo = folder.appendingPathComponent("fifo.csv")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let sub = folder.appendingPathComponent("sub.csv")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        for (path, kind) in [(link, "a symbolic link"), (fifo, "a FIFO"), (sub, "a folder")] {
            let result = try generate(to: path.path)
            #expect(result.status != 0)
            #expect(result.stderr.contains("refusing to write \(path.path): it is \(kind)"), "\(result.stderr)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "kept\n")
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        // A regular file is still replaced whole.
        let plain = folder.appendingPathComponent("plain.csv")
        try Data("old\n".utf8).write(to: plain)
        #expect(try generate(to: plain.path).status == 0)
        #expect(try String(contentsOf: plain, encoding: .utf8).hasPrefix("# label,"))
    }

    @Test func convertRefusesToWriteOverItsOwnInputByAnyName() throws {
        let folder = try TemporaryDirectory.make("output-same")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.root")
        try FileManager.default.copyItem(at: Self.rootFile, to: input)
        let original = try Data(contentsOf: input)
        let hardLink = folder.appendingPathComponent("same.root")
        #expect(link(input.path, hardLink.path) == 0)
        for destination in [input.path, folder.path + "/./in.root", hardLink.path] {
            let result = try Binary.run(["convert", input.path, "--tree", "signal/mx700", "-o", destination])
            #expect(result.status == 1)
            #expect(result.stderr.contains("it is the input file"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: input) == original)
    }

    // 14. Nothing under outputs/<spec> is written through a symbolic link.
    @Test(arguments: ["events.jsonl", "logs", "stages.json"])
    func aLinkPlantedInTheSpecFolderIsRefusedNotWrittenThrough(name: String) throws {
        let outputs = try TemporaryDirectory.make("planted")
        let elsewhere = try TemporaryDirectory.make("elsewhere")
        defer {
            try? FileManager.default.removeItem(at: outputs)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let planted = outputs.appendingPathComponent("toy-small/\(name)")
        try FileManager.default.createDirectory(
            at: planted.deletingLastPathComponent(), withIntermediateDirectories: true)
        let victim = elsewhere.appendingPathComponent(name)
        if name == "logs" {
            try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: false)
        } else {
            try Data("victim\n".utf8).write(to: victim)
        }
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: victim)
        let result = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path, "--quiet"])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains(planted.path), "\(result.stdout)\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("symbolic link"))
        if name == "logs" {
            #expect(try FileManager.default.contentsOfDirectory(atPath: victim.path).isEmpty)
        } else {
            #expect(try String(contentsOf: victim, encoding: .utf8) == "victim\n")
        }
    }

    // 15. An entry without its artifacts record is not reused: its stage runs again.
    @Test func aTamperedEntryWithoutItsRecordIsRerunNotReused() throws {
        let outputs = try TemporaryDirectory.make("unrecorded")
        defer { try? FileManager.default.removeItem(at: outputs) }
        #expect(try Binary.run(["run", Self.toySpec, "--outputs", outputs.path, "--quiet"]).status == 0)
        let table = outputs.appendingPathComponent("toy-small/auc_vs_mass.csv")
        let reference = try String(contentsOf: table, encoding: .utf8)
        // The scores of one evaluation, changed, with the record of the files' checksums taken out.
        let store = outputs.appendingPathComponent(".store")
        var tampered: String?
        for key in try FileManager.default.contentsOfDirectory(atPath: store.path) where !key.hasPrefix(".") {
            let entry = store.appendingPathComponent(key)
            let recordURL = entry.appendingPathComponent("stage.json")
            guard var record = try JSONSerialization.jsonObject(with: Data(contentsOf: recordURL)) as? [String: Any],
                (record["id"] as? String)?.hasPrefix("evaluate/") == true
            else { continue }
            record["artifacts"] = nil
            try JSONSerialization.data(withJSONObject: record).write(to: recordURL)
            let scores = try #require(
                try FileManager.default.contentsOfDirectory(atPath: entry.path).first { $0.hasSuffix(".npy") })
            var bytes = try Data(contentsOf: entry.appendingPathComponent(scores))
            bytes[bytes.count - 1] ^= 0x40
            try bytes.write(to: entry.appendingPathComponent(scores))
            tampered = record["id"] as? String
            break
        }
        let stage = try #require(tampered)
        let rerun = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let said = rerun.stdout + rerun.stderr
        #expect(said.contains("REPAIR  \(stage): store entry"), "\(said)")
        #expect(said.contains("no record of its files' checksums"), "\(said)")
        let events = try String(
            contentsOf: outputs.appendingPathComponent("toy-small/events.jsonl"), encoding: .utf8)
        #expect(events.contains("\"event\":\"stage-done\",\"stage\":\"\(stage)\""), "\(stage)")
        #expect(try String(contentsOf: table, encoding: .utf8) == reference)
    }

    // 16. A result that cannot be published fails the run; the store stays whole.
    @Test func aPublishingFailureFailsTheRunAndKeepsTheStore() throws {
        let outputs = try TemporaryDirectory.make("unpublishable")
        defer { try? FileManager.default.removeItem(at: outputs) }
        // A folder where the stage record belongs: as root no permission stops a write, this does.
        let blocker = outputs.appendingPathComponent("toy-small/stages.json")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let failed = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("failed  publishing: cannot publish \(blocker.path)"), "\(failed.stdout)")
        #expect(!failed.stdout.contains("results: "))
        try FileManager.default.removeItem(at: blocker)
        let again = try Binary.run(["run", Self.toySpec, "--outputs", outputs.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 done, 12 cached, 0 failed"), "\(again.stdout)")
    }
}
