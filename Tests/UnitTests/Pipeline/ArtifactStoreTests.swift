import Foundation
@testable import ParamRunPipeline
import ParamRunSupport
import ParamRunTestSupport
import Testing

@Suite struct ArtifactStoreTests {
    func store() throws -> ArtifactStore { ArtifactStore(root: try TemporaryDirectory.make("store")) }

    @Test func aCommittedEntryRecordsAndPassesItsChecksums() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let stage = PipelineFixtures.stage(.load, "x")
        #expect(store.check(stage.key) == .missing)
        try PipelineFixtures.commit(stage, files: ["a.txt": "alpha", "sub/b.txt": "beta"], in: store)
        #expect(store.contains(stage.key))
        #expect(store.check(stage.key) == .intact)
        let record = try store.metadata(for: stage.key)
        #expect(Set(record.artifacts?.keys ?? [:].keys) == ["a.txt", "sub/b.txt"])
        #expect(record.artifacts?["a.txt"] == ArtifactChecksum(size: 5, sha256: SHA256.hex("alpha")))
    }

    @Test func damageIsFoundBySizeOrByContent() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let stage = PipelineFixtures.stage(.load, "x")
        try PipelineFixtures.commit(stage, files: ["a.txt": "alpha"], in: store)
        let file = store.directory(for: stage.key).appendingPathComponent("a.txt")
        try Data("alphx".utf8).write(to: file)
        #expect(store.check(stage.key, thorough: false) == .intact, "same size: only the content check sees it")
        #expect(store.check(stage.key) == .corrupt(file: "a.txt", reason: "its SHA-256 differs from the record"))
        try Data("alp".utf8).write(to: file)
        #expect(
            store.check(stage.key, thorough: false) == .corrupt(file: "a.txt", reason: "has 3 bytes, the record says 5")
        )
        try Data("x".utf8).write(to: store.directory(for: stage.key).appendingPathComponent("extra"))
        try Data("alpha".utf8).write(to: file)
        #expect(store.check(stage.key) == .corrupt(file: "extra", reason: "is not in the record"))
    }

    @Test func quarantineMovesAnEntryAsideAndAFolderWithoutRecordIsReplaced() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let stage = PipelineFixtures.stage(.load, "x")
        try FileManager.default.createDirectory(at: store.directory(for: stage.key), withIntermediateDirectories: true)
        #expect(store.check(stage.key) == .incomplete(reason: "no stage.json"))
        try PipelineFixtures.commit(stage, files: ["a.txt": "alpha"], in: store)
        #expect(store.check(stage.key) == .intact)
        let aside = try store.quarantine(stage.key)
        #expect(store.check(stage.key) == .missing)
        #expect(FileManager.default.fileExists(atPath: aside.appendingPathComponent("a.txt").path))
        #expect(aside.deletingLastPathComponent().lastPathComponent == ".corrupt")
    }

    @Test func theVerifierRepairsOnlyWhatIsDamaged() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let good = PipelineFixtures.stage(.load, "good", configuration: #"{"n":1}"#)
        let bad = PipelineFixtures.stage(.load, "bad", configuration: #"{"n":2}"#)
        try PipelineFixtures.commit(good, files: ["a": "1"], in: store)
        try PipelineFixtures.commit(bad, files: ["a": "1"], in: store)
        try Data("2".utf8).write(to: store.directory(for: bad.key).appendingPathComponent("a"))
        let findings = StoreVerifier.verify([good, bad], store: store, repair: true)
        #expect(findings.map(\.stage) == [bad.id])
        #expect(findings[0].description.contains("a its SHA-256 differs") && findings[0].movedTo != nil)
        #expect(store.check(good.key) == .intact && store.check(bad.key) == .missing)
    }

    @Test func aSecondCommitOfTheSameKeyKeepsTheFirst() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: store.root) }
        let stage = PipelineFixtures.stage(.load, "x")
        try PipelineFixtures.commit(stage, files: ["a": "first"], in: store)
        try PipelineFixtures.commit(stage, files: ["a": "second"], in: store)
        #expect(
            try String(contentsOf: store.directory(for: stage.key).appendingPathComponent("a"), encoding: .utf8)
                == "first")
        #expect(store.check(stage.key) == .intact)
    }
}

@Suite struct StaleEntryTests {
    /// `verify` says such entries are never reused, so the run's reuse check moves it aside too:
    /// nothing vouches for its files, which may have been changed behind it.
    @Test func anEntryWithoutChecksumsIsStaleAndNeverReused() throws {
        let store = ArtifactStore(root: try TemporaryDirectory.make("stale"))
        defer { try? FileManager.default.removeItem(at: store.root) }
        let stage = PipelineFixtures.stage(.load, "old")
        try PipelineFixtures.commit(stage, files: ["a": "1"], in: store)
        // A record as paramrun 0.2 wrote it: no artifacts.
        let url = store.directory(for: stage.key).appendingPathComponent("stage.json")
        var record = try store.metadata(for: stage.key)
        record.artifacts = nil
        record.toolVersion = "0.2.0"
        try JSONCoding.write(record, to: url)
        #expect(store.check(stage.key) == .stale(toolVersion: "0.2.0"))
        let findings = StoreVerifier.verify([stage], store: store, repair: true)
        #expect(findings.count == 1)
        #expect(findings.first?.description.contains("is never reused; moved to") == true)
        #expect(!store.contains(stage.key))
    }
}
