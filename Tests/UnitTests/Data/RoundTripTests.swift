import Foundation
@testable import ParamRunData
import Testing

/// A 100k-row HEPMASS-format file made by the generator reads back identically from CSV,
/// CSV.gz and the NPY cache.
@Suite struct RoundTripTests {
    @Test func generatedTableRoundTripsThroughCSVGzipAndNPY() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let request = DatasetRequest(
            source: .xttbar, masses: [500, 750, 1000, 1250, 1500],
            signalPerMass: 10_000, background: 50_000, seed: 2016)
        let table = try DatasetLoader.load(request)
        #expect(table.count == 100_000)

        let csv = dir.appendingPathComponent("all_generated.csv")
        let gz = dir.appendingPathComponent("all_generated.csv.gz")
        try HEPMASSWriter.write(table, to: csv)
        try HEPMASSWriter.write(table, to: gz)
        // Small blocks so that the file is parsed in many pieces on both threads.
        for threads in [1, 2] {
            for memoryMap in [true, false] {
                let options = HEPMASSReader.Options(threads: threads, blockSize: 1 << 20, memoryMap: memoryMap)
                #expect(try HEPMASSReader.read(csv, options: options) == table)
            }
            #expect(try HEPMASSReader.read(gz, options: .init(threads: threads, blockSize: 1 << 20)) == table)
        }

        let cache = NPYCache(directory: dir.appendingPathComponent("cache"))
        let first = try cache.load(csv)
        #expect(!first.cached)
        #expect(first.table == table)
        let second = try cache.load(csv)
        #expect(second.cached)
        #expect(second.table == table)

        let artifacts = dir.appendingPathComponent("artifacts")
        try table.writeArtifacts(to: artifacts)
        #expect(try EventTable.readArtifacts(from: artifacts) == table)
    }

    @Test func aToyFileKeepsItsOwnFeatureColumn() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try DatasetLoader.load(
            DatasetRequest(
                source: .toy, masses: [-1, 0, 1], signalPerMass: 1000,
                background: 3000, seed: 12))
        let csv = dir.appendingPathComponent("toy.csv")
        try HEPMASSWriter.write(table, to: csv)
        let read = try HEPMASSReader.read(csv)
        #expect(read.featureNames == ["x"])
        #expect(read == table)
        let cache = NPYCache(directory: dir.appendingPathComponent("cache"))
        _ = try cache.load(csv)
        let cached = try cache.load(csv)
        #expect(cached.cached && cached.table == table)
        let loaded = try DatasetLoader.load(
            DatasetRequest(
                source: .hepmass(path: csv.path), masses: [0],
                backgroundTheta: .fixed(0), useCache: false))
        #expect(loaded.count == 1000 + 3000)
        #expect(loaded.theta.allSatisfy { $0 == 0 })
    }

    @Test func theCacheIsReusedOnlyWhileTheSourceIsUnchanged() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("1000_small.csv")
        try FileManager.default.copyItem(at: DataFixtures.url("1000_train.csv"), to: source)
        let cache = NPYCache(directory: dir.appendingPathComponent("cache"))
        let original = try cache.load(source)
        #expect(!original.cached && original.table.count == 3)
        #expect(try cache.load(source).cached)

        // Append a row: size and time change, so the copy is stale.
        let handle = try FileHandle(forWritingTo: source)
        handle.seekToEndOfFile()
        handle.write(Data(("0" + String(repeating: ",0.5", count: 27) + "\n").utf8))
        handle.closeFile()
        let changed = try cache.load(source)
        #expect(!changed.cached)
        #expect(changed.table.count == 4)
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("cache").path)
        #expect(copies.count == 2, "the stale copy and its column names are removed: \(copies)")
        // Different reader options give a different copy.
        #expect(!(try cache.load(source, options: .init(massForMissingColumn: 900)).cached))
    }
}
