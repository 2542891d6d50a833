import Foundation
import ParamRunTestSupport
import Testing

/// Issue 26, classes 1, 2 and 10: ROOT files whose counts claim more than they hold, crafted from a
/// real fixture byte by byte, read by `inspect`, `convert` and a spec's validation under a memory limit.
@Suite struct ROOTHardeningTests {
    /// A spec reading the crafted file's two trees.
    static func spec(for file: String) -> String {
        """
        name: crafted
        seed: 1
        datasets:
          all:
            source:
              root:
                signal: {700: "\(file):signal/mx700"}
                background: ["\(file):background"]
                branches: [f4, i4]
            masses: [700]
        network: {hidden: [4], epochs: 1, batch_size: 32}
        models:
          param: {type: parameterized, train_data: all}
        evaluate:
          data: all
          masses: [700]
          models: [param]
          outputs: [auc]
        """
    }

    /// The gen-none fixture (a plain tree record) with every i64 `from` in the tree record set to `to`;
    /// `first` patches only the first, the tree's own fEntries.
    static func entries(_ from: Int, to: Int, first: Bool) throws -> ROOTMutant {
        var mutant = try ROOTMutant(fixture: "gen-none.root", tree: "signal/mx700")
        #expect(mutant.treeIsPlain)
        let body = (mutant.treeRecord.lowerBound + 60)..<mutant.treeRecord.upperBound
        let places = mutant.offsets(of: [from], width: 8, in: body)
        #expect(places.count >= (first ? 1 : 12))
        for at in first ? Array(places.prefix(1)) : places { mutant.set(to, width: 8, at: at) }
        return mutant
    }

    static func convert(_ path: String, in folder: URL) throws -> Binary.Result {
        try LimitedRun.paramrun(
            ["convert", path, "--tree", "signal/mx700", "-o", folder.appendingPathComponent("out.csv").path],
            memoryMiB: 768)
    }

    /// Class 10: a tree declaring more entries than its branches hold. `convert` wrote the shortest
    /// branch's 3,000 rows and exited 0; it now refuses as validation and the root source do.
    @Test func convertRefusesBranchesShorterThanTheTreeAsTheSourceDoes() throws {
        let folder = try TemporaryDirectory.make("root-short")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.entries(3000, to: 4000, first: true).write("short.root", in: folder)
        let converted = try Self.convert(path, in: folder)
        #expect(!converted.signaled && converted.status == 1, "\(converted.summary)")
        let reason = "the branch holds 3000 entries, the tree 4000"
        #expect(converted.stderr.contains("tree 'signal/mx700', branch 'b'"))
        #expect(converted.stderr.contains(reason))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.csv").path))

        let spec = folder.appendingPathComponent("crafted.yaml")
        try Self.spec(for: "short.root").write(to: spec, atomically: true, encoding: .utf8)
        let validated = try Binary.run(["validate", spec.path])
        #expect(validated.status == 2)
        #expect(validated.stderr.contains("short.root, tree 'signal/mx700', branch 'f4'"))
        #expect(validated.stderr.contains(reason))
    }

    /// Class 1: a tree claiming 10¹⁰ entries passed validation, then its load stage aborted allocating them.
    @Test func validationRefusesATreeClaimingTenBillionEntries() throws {
        let folder = try TemporaryDirectory.make("root-huge-tree")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ROOTMutant(fixture: "gen-none.root", tree: "signal/mx700").write("intact.root", in: folder)
        _ = try Self.entries(3000, to: 10_000_000_000, first: true).write("huge.root", in: folder)
        let intact = folder.appendingPathComponent("intact.yaml")
        try Self.spec(for: "intact.root").write(to: intact, atomically: true, encoding: .utf8)
        let accepted = try Binary.run(["validate", intact.path])
        #expect(accepted.status == 0, "the spec itself is valid: \(accepted.stderr)")
        let spec = folder.appendingPathComponent("crafted.yaml")
        try Self.spec(for: "huge.root").write(to: spec, atomically: true, encoding: .utf8)
        let validated = try LimitedRun.paramrun(["validate", spec.path])
        #expect(validated.status == 2 && !validated.signaled, "\(validated.summary)")
        #expect(validated.stderr.contains("huge.root, tree 'signal/mx700', branch 'f4'"))
        #expect(validated.stderr.contains("the tree 10000000000"))
    }

    /// Class 1: every branch and the tree claiming 2⁴⁰ entries; reading one aborted allocating terabytes.
    @Test func branchesClaimingTwoToTheFortyEntriesAreRefused() throws {
        let folder = try TemporaryDirectory.make("root-2e40")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.entries(3000, to: 1 << 40, first: false).write("wide.root", in: folder)
        let converted = try Self.convert(path, in: folder)
        #expect(!converted.signaled && converted.status == 1, "\(converted.summary)")
        #expect(converted.stderr.contains("exceed the column limit of 4294967296 bytes as doubles"))
        #expect(converted.stderr.contains("tree 'signal/mx700', branch '"))
    }

    /// Class 1: 2²⁸ one-byte entries fit the column limit but not the 3 KB of baskets that hold them.
    @Test func entriesBeyondWhatTheBasketsCanHoldAreRefusedBeforeAllocating() throws {
        let folder = try TemporaryDirectory.make("root-ratio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.entries(3000, to: 1 << 28, first: false).write("ratio.root", in: folder)
        let converted = try LimitedRun.paramrun(
            ["convert", path, "--tree", "signal/mx700", "--branches", "b", "-o", folder.path + "/b.csv"],
            memoryMiB: 512)
        #expect(!converted.signaled && converted.status == 1, "\(converted.summary)")
        #expect(converted.stderr.contains("cannot come from"))
        #expect(converted.stderr.contains("(at most 32768:1)"))
    }

    /// Class 2: every basket of a branch pointing at its first (compressed) record decoded it three
    /// times and exited 0 with the first basket's values repeated; overlapping baskets are now refused.
    @Test(arguments: ["gen-none.root", "gen-zlib.root", "gen-lz4.root", "gen-zstd.root", "gen-lzma.root"])
    func basketsSharingARecordAreRefused(fixture: String) throws {
        let folder = try TemporaryDirectory.make("root-shared")
        defer { try? FileManager.default.removeItem(at: folder) }
        var mutant = try ROOTMutant(fixture: fixture, tree: "signal/mx700")
        #expect(mutant.treeIsPlain)
        let seeks = try #require(mutant.seeks["f8"])
        #expect(seeks.count == 3)
        let record = mutant.treeRecord
        let seekAt = try #require(mutant.offsets(of: seeks, width: 8, in: record).first)
        let sizes = mutant.baskets.filter { $0.branch == "f8" }.map(\.nbytes)
        let sizeAt = try #require(mutant.offsets(of: sizes, width: 4, in: record).first)
        for k in 1..<3 {
            mutant.set(seeks[0], width: 8, at: seekAt + 8 * k)
            mutant.set(sizes[0], width: 4, at: sizeAt + 4 * k)
        }
        let path = try mutant.write("shared.root", in: folder)
        let converted = try Self.convert(path, in: folder)
        #expect(!converted.signaled && converted.status == 1, "\(converted.summary)")
        #expect(converted.stderr.contains("overlaps another (of branch 'f8')"))
    }

    /// Class 2: a 4 KB compressed basket claiming a 1 GiB object got a 1 GiB buffer before its
    /// error, an abort under a memory limit; the claim is now checked against the stored bytes first.
    @Test(arguments: ["gen-zlib.root", "gen-lz4.root", "gen-zstd.root", "gen-lzma.root"])
    func aBasketClaimingAGibibyteIsRefusedBeforeAllocating(fixture: String) throws {
        let folder = try TemporaryDirectory.make("root-gib")
        defer { try? FileManager.default.removeItem(at: folder) }
        var mutant = try ROOTMutant(fixture: fixture, tree: "signal/mx700")
        let basket = try #require(mutant.baskets.first { $0.branch == "f8" })
        mutant.set(1 << 30, width: 4, at: basket.seek + 6) // the key's fObjlen
        let path = try mutant.write("gib.root", in: folder)
        let converted = try LimitedRun.paramrun(
            ["convert", path, "--tree", "signal/mx700", "--branches", "f8", "-o", folder.path + "/f8.csv"],
            memoryMiB: 768)
        #expect(!converted.signaled && converted.status == 1, "\(converted.summary)")
        #expect(converted.stderr.contains("branch 'f8'"))
    }
}
