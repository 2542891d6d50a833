import Foundation
@testable import ParamRunCLI
@testable import ParamRunData
import ParamRunTestSupport
import ROOTIO
import Testing

/// `paramrun generate --output FILE.root`: the generated events as TTrees, read back by ROOTIO equal to the
/// same request's events, flat and with the jets as a counted collection.
@Suite struct GenerateROOTTests {
    static let request = DatasetRequest(
        source: .xttbar, masses: [500, 1000], signalPerMass: 60, background: 90, seed: 7)

    static func generate(_ extra: [String], to path: String) throws {
        let command = try GenerateCommand.parse(
            ["--masses", "500,1000", "--signal-per-mass", "60", "--background", "90", "--seed", "7", "--output", path]
                + extra)
        try command.run()
    }

    @Test func flatTreesHoldTheGeneratedEvents() throws {
        let dir = try TemporaryDirectory.make("generate-root")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("events.root").path
        try Self.generate(["--background-weight-spread", "0.5"], to: path)
        let expected = try DatasetLoader.load(Self.request)
        let file = try ROOTFile(path: path)
        #expect(file.treeEntries.map(\.path) == ["mx500", "mx1000", "background"])
        let width = expected.featureCount
        for (tree, rows) in [
            ("mx500", (0..<expected.count).filter { expected.labels[$0] == 1 && expected.theta[$0] == 500 }),
            ("background", (0..<expected.count).filter { expected.labels[$0] == 0 })
        ] {
            let t = try file.tree(at: tree)
            #expect(t.entries == rows.count)
            for (f, name) in expected.featureNames.enumerated() {
                #expect(try t.read(branch: name) == .float(rows.map { expected.features[$0 * width + f] }))
            }
            #expect(try t.read(branch: "mass") == .float(rows.map { expected.theta[$0] }))
            let w = try t.readAsDouble(branch: "w")
            #expect(tree == "mx500" ? w.allSatisfy { $0 == 1 } : w.allSatisfy { (0.5...1.5).contains($0) })
        }
    }

    @Test func nanoaodLayoutHoldsTheLeadingJetsAsACollection() throws {
        let dir = try TemporaryDirectory.make("generate-root")
        defer { try? FileManager.default.removeItem(at: dir) }
        let flat = dir.appendingPathComponent("flat.root").path
        let nano = dir.appendingPathComponent("nano.root").path
        try Self.generate([], to: flat)
        try Self.generate(["--layout", "nanoaod"], to: nano)
        let f = try ROOTFile(path: flat).tree(at: "mx1000")
        let n = try ROOTFile(path: nano).tree(at: "mx1000")
        #expect(try n.read(branch: "nJet") == .int32([Int32](repeating: 4, count: n.entries)))
        for (q, name) in ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_btag"].enumerated() {
            let jets = try n.readJagged(branch: name)
            for j in 0..<4 {
                let column = try f.readAsDouble(branch: "f\(6 + 4 * j + q)")
                #expect((0..<n.entries).map { jets.valuesAsDouble[jets.offsets[$0] + j] } == column)
            }
        }
        #expect(try n.read(branch: "f26") == f.read(branch: "f26"))
    }

    @Test func aLayoutWithoutJetsIsRefusedAndNothingIsWritten() throws {
        let dir = try TemporaryDirectory.make("generate-root")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("toy.root").path
        let toy = try GenerateCommand.parse([
            "--generator", "toy", "--masses", "500", "--signal-per-mass", "5", "--background", "5",
            "--layout", "nanoaod", "--output", path
        ])
        #expect(throws: (any Error).self) { try toy.run() }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: (any Error).self) {
            try GenerateCommand.parse(["--layout", "nanoaod", "--output", dir.appendingPathComponent("x.csv").path])
        }
    }
}
