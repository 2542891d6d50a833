import Foundation
import Testing
@testable import ROOTIO

/// Jagged branches of ROOT- and uproot-written fixtures against values uproot 5.7.7 + awkward 2.14 read from the
/// same files (Tests/Fixtures/root/jagged/, written by make_jagged.py or copied from scikit-hep-testdata): a few
/// entries literally, and over the whole branch the number of values and their sum (a Double sum in entry order).
struct ROOTJaggedFixtureTests {
    static let dir = ROOTFixtureTests.dir.appendingPathComponent("jagged")
    static let compressions = ["none", "zlib", "lz4", "zstd", "lzma"]
    static let samples = [
        "uproot-sample-5.30.00-zlib.root", "uproot-sample-6.20.04-lz4.root", "uproot-sample-6.20.04-lzma.root",
        "uproot-sample-6.20.04-uncompressed.root", "uproot-sample-6.20.04-zlib.root"
    ]

    static func tree(_ name: String, _ path: String, inJagged: Bool = true) throws -> ROOTTree {
        let base = inJagged ? dir : ROOTFixtureTests.dir
        return try ROOTFile(path: base.appendingPathComponent(name).path).tree(at: path)
    }

    /// Entry `i`'s values widened to Double.
    static func entry(_ c: ROOTJaggedColumn, _ i: Int) -> [Double] {
        let all = c.valuesAsDouble
        return Array(all[c.range(at: i)])
    }

    static func sum(_ c: ROOTJaggedColumn) -> Double {
        c.valuesAsDouble.reduce(0, +)
    }

    @Test func nanoAODCollectionsMatchUproot() throws {
        let t = try Self.tree("nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events")
        #expect(t.entries == 200 && t.branches.count == 947)
        let info = try #require(t.branches.first { $0.name == "Jet_pt" })
        #expect(info.shape == .counted(counter: "nJet") && info.elementType == .float && info.isJagged)
        #expect(info.declaredType == "float[nJet]" && !info.isSupported)
        let pt = try t.readJagged(branch: "Jet_pt")
        guard case .float(let v) = pt.values else { Issue.record("Jet_pt is not float"); return }
        #expect(pt.entries == 200 && v.count == 537 && pt.offsets.last == 537)
        #expect(Array(v[pt.range(at: 0)]) == [17.921875, 15.734375])
        #expect(Array(v[pt.range(at: 2)]) == [72.6875, 56.75, 19.15625, 16.703125])
        #expect(Self.sum(pt) == 16785.6171875)
        // The counter and the array agree entry by entry.
        let nJet = try t.read(branch: "nJet").asDoubles
        #expect((0..<200).allSatisfy { Double(pt.count(at: $0)) == nJet[$0] })
        let jetId = try t.readJagged(branch: "Jet_jetId")
        #expect(jetId.values.type == .int32 && Self.sum(jetId) == 2700 && Self.entry(jetId, 0) == [0, 6])
        let constituents = try t.readJagged(branch: "Jet_nConstituents")
        #expect(constituents.values.type == .uint8 && Self.sum(constituents) == 6243)
        #expect(Self.entry(constituents, 2) == [7, 16, 13, 14])
        let pf = try t.readJagged(branch: "Electron_isPFcand")
        #expect(pf.values.type == .bool && pf.values.count == 69 && Self.sum(pf) == 54)
        #expect(pf.count(at: 0) == 0 && Self.entry(pf, 1) == [1])
        let charge = try t.readJagged(branch: "Muon_charge")
        #expect(charge.values.count == 41 && Self.sum(charge) == 9)
    }

    @Test func everyNanoAODJaggedBranchReads() throws {
        let t = try Self.tree("nanoAOD_2015_CMS_Open_Data_ttbar.root", "Events")
        let jagged = t.branches.filter(\.isJagged)
        // 217 float[], 61 int32_t[], 34 uint8_t[], 32 bool[] (SOURCE.md).
        #expect(jagged.count == 344)
        for b in jagged {
            let c = try t.readJagged(branch: b.name)
            #expect(c.entries == 200 && c.values.type == b.elementType, "\(b.name)")
        }
    }

    @Test(arguments: compressions)
    func uprootWrittenCountedArraysMatchInEachCompression(compression: String) throws {
        let t = try Self.tree("jag-\(compression).root", "events")
        #expect(t.branches.filter(\.isJagged).allSatisfy { $0.basketCount == 4 })
        let pt = try t.readJagged(branch: "Jet_pt")
        #expect(pt.entries == 400 && pt.values.count == 1190)
        #expect(Self.sum(pt) == 48589.130202890374)
        #expect(Self.entry(pt, 0) == [Double(Float(9.935185432434082)), Double(Float(67.9325180053711))])
        let eta = try t.readJagged(branch: "Jet_eta")
        #expect(Self.sum(eta) == 47.71914609565798 && Self.entry(eta, 1) == [2.2307082172397332, 3.6585391697706067])
        guard case .int64(let big) = try t.readJagged(branch: "Jet_big").values else {
            Issue.record("Jet_big is not int64")
            return
        }
        #expect(big.reduce(0, +) == 12_528_908_654_614 && Array(big.prefix(2)) == [-327_867_799_577, 396_088_062_821])
        let tag = try t.readJagged(branch: "Jet_tag")
        #expect(tag.values.type == .bool && Self.sum(tag) == 372)
        let n = try t.readJagged(branch: "Jet_n")
        #expect(Self.sum(n) == 150549 && Self.entry(n, 0) == [140, 233])
        let id = try t.readJagged(branch: "Jet_id")
        #expect(Self.sum(id) == 55996 && Self.entry(id, 1) == [70, 78])
        let p3 = try t.readJagged(branch: "p3")
        #expect(p3.values.count == 1200 && (0..<400).allSatisfy { p3.count(at: $0) == 3 })
        #expect(Self.sum(p3) == -226.21419967804104)
        #expect(t.branches.first { $0.name == "p3" }?.declaredType == "float[3]")
    }

    @Test func severalBranchesReadTogetherEqualEachReadAlone() throws {
        let t = try Self.tree("uproot-small-dy-withoffsets.root", "tree")
        let names = ["Jet_pt", "Muon_pt", "Jet_jetId", "Muon_charge"]
        #expect(try t.readJagged(branches: names) == names.map { try t.readJagged(branch: $0) })
        #expect(throws: ROOTError.self) { try t.readJagged(branches: ["Jet_pt", "MET_pt"]) }
    }

    @Test func smallDYCountersSpanThreeBaskets() throws {
        let t = try Self.tree("uproot-small-dy-withoffsets.root", "tree")
        let charge = try t.readJagged(branch: "Muon_charge")
        #expect(charge.entries == 501 && charge.values.count == 302 && Self.sum(charge) == 20)
        #expect(Self.entry(charge, 0) == [1, -1] && charge.count(at: 1) == 0 && Self.entry(charge, 2) == [1])
        let pt = try t.readJagged(branch: "Jet_pt")
        #expect(pt.values.count == 2165 && Self.sum(pt) == 68349.8125)
        #expect(Self.entry(pt, 1) == [36.09375, 26.8125, 21.25, 17.71875, 17.640625])
    }

    @Test func stdVectorOfIntMatches() throws {
        let t = try Self.tree("uproot-stl_containers.root", "tree")
        let info = try #require(t.branches.first { $0.name == "vector_int32" })
        #expect(info.shape == .vector && info.declaredType == "vector<int32_t>")
        let v = try t.readJagged(branch: "vector_int32")
        #expect(v.values == .int32([1, 1, 2, 1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 4, 5]))
        #expect(v.offsets == [0, 1, 3, 6, 10, 15] && v.formattedEntry(at: 1) == "[1,2]")
    }

    @Test(arguments: samples)
    func rootWrittenFixedAndCountedArraysMatch(name: String) throws {
        let t = try Self.tree(name, "sample", inJagged: false)
        let ai4 = try t.readJagged(branch: "ai4")
        #expect(ai4.values.count == 90 && Self.sum(ai4) == 135 && Self.entry(ai4, 1) == [-13, -12, -11])
        let af8 = try t.readJagged(branch: "af8")
        #expect(Self.sum(af8) == 144.00000000000009 && Self.entry(af8, 2) == [-11.9, -10.9, -9.9])
        let ai8 = try t.readJagged(branch: "Ai8")
        #expect(ai8.values.type == .int64 && ai8.values.count == 60 && Self.sum(ai8) == -30)
        #expect(ai8.count(at: 0) == 0 && Self.entry(ai8, 2) == [-15, -13])
        let ab = try t.readJagged(branch: "Ab")
        #expect(ab.values.type == .bool && Self.sum(ab) == 30 && Self.entry(ab, 2) == [1, 1])
    }
}
