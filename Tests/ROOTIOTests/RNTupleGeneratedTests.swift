import Foundation
import Testing
@testable import ROOTIO

/// RNTuples written by uproot 5.7.7 (Tests/Fixtures/root/rntuple/make_rntuples.py: 300 entries in three
/// clusters, unsplit columns) in each compression, against the values uproot reads back from them (sums
/// taken in entry order).
struct RNTupleGeneratedTests {
    static let compressions = ["none", "zlib", "lz4", "zstd", "lzma"]

    @Test(arguments: compressions)
    func everyFieldMatchesUprootInEachCompression(compression: String) throws {
        let n = try RNTupleFixtureTests.ntuple("gen-\(compression).root", "events")
        #expect(n.entries == 300 && n.clusterCount == 3)
        #expect(
            n.fields.map(\.name) == [
                "event", "nJet", "MET", "weight", "run", "lumi", "small", "pass", "Jet.pt", "Jet.eta", "Jet.btag", "w"
            ])
        let sums: [String: Double] = [
            "event": 44850, "nJet": 768, "MET": 15003.373376846313, "weight": 298.18016504295144, "run": -1911,
            "lumi": 8_977_508, "small": -524, "pass": 151
        ]
        for (name, sum) in sums {
            let values = try n.readAsDouble(field: name)
            #expect(values.count == 300 && values.reduce(0, +) == sum, "\(name)")
        }
        let pass = try n.read(field: "pass")
        let lumi = try n.read(field: "lumi")
        let met = try n.readAsDouble(field: "MET")
        #expect(pass.type == .bool && lumi.type == .uint16)
        #expect(Array(met.prefix(2)) == [46.23293685913086, 56.47529602050781])
        let pt = try n.readJagged(field: "Jet.pt")
        #expect(n.fields.first { $0.name == "Jet.pt" }?.collection == "Jet")
        #expect(pt.values.type == .float && pt.values.count == 768 && RNTupleFixtureTests.sum(pt) == 23829.33573179692)
        #expect(RNTupleFixtureTests.entry(pt, 0) == [2.884397506713867, 7.877274513244629])
        let eta = try n.readJagged(field: "Jet.eta")
        #expect(eta.offsets == pt.offsets && RNTupleFixtureTests.sum(eta) == 134.65240266537964)
        let btag = try n.readJagged(field: "Jet.btag")
        #expect(btag.values.type == .int16 && RNTupleFixtureTests.sum(btag) == -335)
        let w = try n.readJagged(field: "w")
        #expect(
            RNTupleFixtureTests.sum(w) == 387.7633031733024 && RNTupleFixtureTests.entry(w, 1) == [0.15924789382363302])
        let nJet = try n.readAsDouble(field: "nJet")
        #expect((0..<300).allSatisfy { Double(pt.count(at: $0)) == nJet[$0] })
    }
}
