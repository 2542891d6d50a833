import Foundation
import Testing
@testable import ROOTIO

/// Trees written by ROOTWriter read back through ROOTFile value for value: every basic type, counted
/// collections, several baskets, each compression level.
struct ROOTWriterTests {
    /// A seeded SplitMix64, so every test's values are reproducible.
    struct Draws {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// One column of every type ROOTColumn holds, with extreme values mixed in.
    static func everyType(entries n: Int, seed: UInt64) -> [ROOTWriteBranch] {
        var d = Draws(state: seed)
        func ints<T: FixedWidthInteger>(_: T.Type) -> [T] {
            (0..<n).map { i in i == 0 ? T.min : i == 1 ? T.max : T(truncatingIfNeeded: d.next()) }
        }
        return [
            .flat("b_bool", .bool((0..<n).map { _ in d.below(2) == 1 })),
            .flat("b_i8", .int8(ints(Int8.self))), .flat("b_u8", .uint8(ints(UInt8.self))),
            .flat("b_i16", .int16(ints(Int16.self))), .flat("b_u16", .uint16(ints(UInt16.self))),
            .flat("b_i32", .int32(ints(Int32.self))), .flat("b_u32", .uint32(ints(UInt32.self))),
            .flat("b_i64", .int64(ints(Int64.self))), .flat("b_u64", .uint64(ints(UInt64.self))),
            .flat(
                "b_f32", .float((0..<n).map { i in i == 0 ? -.greatestFiniteMagnitude : Float(d.unit() * 1e3 - 500) })),
            .flat("b_f64", .double((0..<n).map { i in i == 0 ? .leastNonzeroMagnitude : d.unit() * 2 - 1 }))
        ]
    }

    /// `nJet` and jets with `pt` (float), `eta` (double) and `id` (int64); some events have none.
    static func jets(entries n: Int, seed: UInt64) -> [ROOTWriteBranch] {
        var d = Draws(state: seed)
        let counts = (0..<n).map { _ in Int32(d.below(6)) }
        var offsets = [0]
        for c in counts { offsets.append(offsets.last! + Int(c)) }
        let total = offsets.last!
        return [
            .flat("nJet", .int32(counts)),
            .counted(
                "Jet_pt", counter: "nJet",
                ROOTJaggedColumn(
                    offsets: offsets, values: .float((0..<total).map { _ in Float(20 + d.unit() * 300) }))),
            .counted(
                "Jet_eta", counter: "nJet",
                ROOTJaggedColumn(
                    offsets: offsets, values: .double((0..<total).map { _ in d.unit() * 5 - 2.5 }))),
            .counted(
                "Jet_id", counter: "nJet",
                ROOTJaggedColumn(
                    offsets: offsets, values: .int64((0..<total).map { _ in Int64(bitPattern: d.next()) })))
        ]
    }

    static func writeAndOpen(_ trees: [ROOTWriteTree], _ writer: ROOTWriter) throws -> ROOTFile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rootio-writer-\(UUID().uuidString).root"
        ).path
        let bytes = try writer.data(trees, fileName: "test.root")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // ROOTFileReader keeps the descriptor open, so the file may go once opened.
        return try ROOTFile(path: path)
    }

    @Test(arguments: [0, 1, 6])
    func everyTypeReadsBack(level: Int) throws {
        let branches = Self.everyType(entries: 2500, seed: 7)
        let file = try Self.writeAndOpen(
            [ROOTWriteTree(name: "flat", branches: branches)], ROOTWriter(compressionLevel: level, basketEntries: 700))
        let tree = try file.tree(at: "flat")
        #expect(tree.entries == 2500)
        #expect(tree.branches.map(\.name) == branches.map(\.name))
        for (info, b) in zip(tree.branches, branches) {
            #expect(info.basketCount == 4)
            #expect(info.compression.level == level)
            #expect(try tree.read(branch: b.name) == b.values)
        }
    }

    @Test(arguments: [0, 4])
    func countedCollectionsReadBack(level: Int) throws {
        let branches = Self.jets(entries: 3001, seed: 11)
        let file = try Self.writeAndOpen(
            [ROOTWriteTree(name: "Events", branches: branches)], ROOTWriter(compressionLevel: level, basketEntries: 500)
        )
        let tree = try file.tree(at: "Events")
        #expect(try tree.read(branch: "nJet") == branches[0].values)
        for b in branches.dropFirst() {
            let info = try #require(tree.branches.first { $0.name == b.name })
            #expect(info.shape == .counted(counter: "nJet"))
            #expect(info.basketCount == 7)
            let column = try tree.readJagged(branch: b.name)
            #expect(column.offsets == b.offsets)
            #expect(column.values == b.values)
        }
    }

    @Test func severalTreesAndEmptyOnes() throws {
        let trees = [
            ROOTWriteTree(name: "a", title: "first", branches: Self.everyType(entries: 50, seed: 1)),
            ROOTWriteTree(name: "empty", branches: [.flat("x", .float([]))]),
            ROOTWriteTree(name: "Events", branches: Self.jets(entries: 40, seed: 2))
        ]
        let file = try Self.writeAndOpen(trees, ROOTWriter())
        #expect(file.treeEntries.map(\.path) == ["a", "empty", "Events"])
        #expect(try file.tree(at: "empty").entries == 0)
        #expect(try file.tree(at: "empty").read(branch: "x") == .float([]))
        #expect(try file.tree(at: "a").read(branch: "b_f64") == trees[0].branches[10].values)
        #expect(try file.tree(at: "Events").readJagged(branch: "Jet_pt").values == trees[2].branches[1].values)
    }

    @Test func sameTreesGiveTheSameBytes() throws {
        let trees = [ROOTWriteTree(name: "Events", branches: Self.jets(entries: 900, seed: 3))]
        let writer = ROOTWriter(compressionLevel: 1, basketEntries: 256)
        let first = try writer.data(trees, fileName: "x.root")
        let second = try writer.data(trees, fileName: "x.root")
        let raw = try ROOTWriter(compressionLevel: 0, basketEntries: 256).data(trees, fileName: "x.root")
        #expect(first == second)
        #expect(first.count < raw.count)
    }
}
