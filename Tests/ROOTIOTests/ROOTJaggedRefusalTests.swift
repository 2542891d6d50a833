import Foundation
import Testing
@testable import ROOTIO

/// What the jagged reader refuses, and how a basket is split into entries by offsets, counter or vector headers.
struct ROOTJaggedRefusalTests {
    static func expectRefusal(
        _ file: String, _ tree: String, _ branch: String, kind: ROOTError.Kind, saying words: String,
        read: (ROOTTree) throws -> Void
    ) throws {
        let path = ROOTJaggedFixtureTests.dir.appendingPathComponent(file).path
        let t = try ROOTFile(path: path).tree(at: tree)
        let e = #expect(throws: ROOTError.self) { try read(t) }
        #expect(e?.kind == kind, "\(file) \(branch): \(String(describing: e))")
        #expect(e?.file == path && e?.tree == tree && e?.branch == branch)
        #expect(e?.description.contains(words) == true, "\(String(describing: e))")
    }

    @Test func nestedVectorsStringsAndObjectsAreRefusedByName() throws {
        let stl = "uproot-stl_containers.root"
        for (branch, words) in [
            ("vector_vector_int32", "nested vector"), ("vector_string", "vector of strings"), ("string", "string"),
            ("set_int32", "object of class set<int>")
        ] {
            try Self.expectRefusal(stl, "tree", branch, kind: .unsupported, saying: words) {
                _ = try $0.readJagged(branch: branch)
            }
            try Self.expectRefusal(stl, "tree", branch, kind: .unsupported, saying: words) {
                _ = try $0.read(branch: branch)
            }
        }
        try Self.expectRefusal("uproot-vectorVectorDouble.root", "t", "x", kind: .unsupported, saying: "nested") {
            _ = try $0.readJagged(branch: "x")
        }
    }

    @Test func aJaggedBranchAsAFlatColumnAsksForAnExpression() throws {
        try Self.expectRefusal("jag-zlib.root", "events", "Jet_pt", kind: .unsupported, saying: "expression") {
            _ = try $0.read(branch: "Jet_pt")
        }
        try Self.expectRefusal("jag-zlib.root", "events", "nJet", kind: .unsupported, saying: "read(branch:)") {
            _ = try $0.readJagged(branch: "nJet")
        }
        try Self.expectRefusal("jag-zlib.root", "events", "Jet_ptt", kind: .notFound, saying: "Jet_pt") {
            _ = try $0.readJagged(branch: "Jet_ptt")
        }
    }

    /// A reader for `jag-none.root`'s `Jet_pt` (or another branch) with the given counter values.
    static func reader(_ branch: String, shape: ROOTBranchShape, element: ROOTDataType, counts: [Int]?) throws
        -> JaggedReader
    {
        let t = try ROOTFile(path: ROOTJaggedFixtureTests.dir.appendingPathComponent("jag-none.root").path)
            .tree(at: "events")
        let layout = try #require(t.layouts.first { $0.info.name == branch })
        return JaggedReader(layout: layout, element: element, shape: shape, counts: counts, source: t.source)
    }

    static func bigEndian(_ values: [Int32]) -> [UInt8] {
        values.flatMap { v in (0..<4).reversed().map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
    }

    @Test func basketsWithoutEntryOffsetsAreSplitByTheCounter() throws {
        let data = Self.bigEndian([7, 8, 9])
        let piece = JaggedReader.Piece(firstEntry: 1, entries: 2, data: data, offsets: nil)
        let good = try Self.reader("Jet_id", shape: .counted(counter: "nJet"), element: .int32, counts: [5, 2, 1])
        let split = try good.split(piece)
        #expect(split.counts == [2, 1] && split.segments == [0..<12])
        // With offsets, they and the counter must agree.
        let withOffsets = JaggedReader.Piece(firstEntry: 1, entries: 2, data: data, offsets: [0, 8, 12])
        #expect(try good.split(withOffsets).counts == [2, 1])
        for counts in [[5, 2, 2], [5, 1, 1], [5, -1, 4], [5, Int(Int32.max), 1]] {
            let bad = try Self.reader("Jet_id", shape: .counted(counter: "nJet"), element: .int32, counts: counts)
            let e = #expect(throws: ROOTError.self) { try bad.split(piece) }
            #expect(e?.kind == .corrupt && e?.branch == "Jet_id" && e?.message.contains("'nJet'") == true)
        }
        let disagree = try Self.reader("Jet_id", shape: .counted(counter: "nJet"), element: .int32, counts: [0, 1, 2])
        let e = #expect(throws: ROOTError.self) { try disagree.split(withOffsets) }
        #expect(e?.message.contains("entry 1 holds 8 bytes (2 values), but its counter 'nJet' says 1") == true)
        let untiled = JaggedReader.Piece(firstEntry: 1, entries: 2, data: data, offsets: [0, 16, 12])
        #expect(throws: ROOTError.self) { try good.split(untiled) }
    }

    @Test func aFixedLengthThatWouldOverflowIsRefused() throws {
        let data = Self.bigEndian([1, 2, 3, 4, 5, 6])
        let fits = try Self.reader("p3", shape: .fixedArray(count: 3), element: .int32, counts: nil)
        #expect(try fits.split(JaggedReader.Piece(firstEntry: 0, entries: 2, data: data)).counts == [3, 3])
        for (count, entries) in [(Int(Int32.max), Int(Int32.max)), (Int.max / 2, 2), (4, 2), (0, 2)] {
            let r = try Self.reader("p3", shape: .fixedArray(count: count), element: .int32, counts: nil)
            let e = #expect(throws: ROOTError.self) {
                try r.split(JaggedReader.Piece(firstEntry: 0, entries: entries, data: data))
            }
            #expect(e?.kind == .corrupt && e?.branch == "p3")
        }
    }

    @Test func vectorHeadersMustAgreeWithTheirEntries() throws {
        let r = try Self.reader("Jet_id", shape: .vector, element: .int32, counts: nil)
        // [byte count 0x40000000 | 10][version 9][size 1][value 42], then an empty vector.
        let entry: [UInt8] = [0x40, 0, 0, 10, 0, 9, 0, 0, 0, 1, 0, 0, 0, 42]
        let empty: [UInt8] = [0x40, 0, 0, 6, 0, 9, 0, 0, 0, 0]
        let piece = JaggedReader.Piece(firstEntry: 0, entries: 2, data: entry + empty, offsets: [0, 14, 24])
        let split = try r.split(piece)
        #expect(split.counts == [1, 0] && split.segments == [10..<14, 24..<24])
        var lying = entry + empty
        lying[9] = 5 // claims five values in four bytes
        let e = #expect(throws: ROOTError.self) {
            try r.split(JaggedReader.Piece(firstEntry: 0, entries: 2, data: lying, offsets: [0, 14, 24]))
        }
        #expect(e?.kind == .corrupt && e?.message.contains("a vector of 5 values") == true)
        let noOffsets = JaggedReader.Piece(firstEntry: 0, entries: 2, data: entry + empty, offsets: nil)
        #expect(throws: ROOTError.self) { try r.split(noOffsets) }
        var memberwise = entry + empty
        memberwise[4] = 0x40
        let m = #expect(throws: ROOTError.self) {
            try r.split(JaggedReader.Piece(firstEntry: 0, entries: 2, data: memberwise, offsets: [0, 14, 24]))
        }
        #expect(m?.kind == .unsupported)
    }
}
