import Foundation
import Testing
@testable import ParamRunStats

@Suite struct HistFactoryWorkspaceTests {
    static let histogram = Histogram(
        edges: [0, 0.5, 1], signalSumW: [1, 4], signalSumW2: [0.5, 2],
        backgroundSumW: [30, 5], backgroundSumW2: [9, 4], requestedBins: 2, strategy: .equal)

    @Test func searchWorkspaceHasTheIssueStructure() throws {
        let ws = try HistFactoryWorkspace.search(histogram: Self.histogram, backgroundNormUncertainty: 0.1)
        #expect(ws.version == "1.0.0")
        #expect(ws.channels.count == 1)
        let samples = ws.channels[0].samples
        #expect(samples[0].modifiers == [.normfactor("mu")])
        #expect(
            samples[1].modifiers == [
                .staterror("staterror_score", uncertainties: [3, 2]), .normsys("background_norm", hi: 1.1, lo: 0.9)
            ])
        #expect(ws.observations == [.init(name: "score", data: [30, 5])])
        #expect(ws.measurements[0].config.poi == "mu")
        let bare = try HistFactoryWorkspace.search(histogram: Self.histogram)
        #expect(bare.channels[0].samples[1].modifiers.count == 1)
    }

    @Test func jsonIsSortedAndRoundTrips() throws {
        let ws = try HistFactoryWorkspace.search(histogram: Self.histogram, backgroundNormUncertainty: 0.1)
        let data = try ws.jsonData()
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"data\" : null"))
        // Top-level keys in sorted order.
        let positions = ["\"channels\"", "\"measurements\"", "\"observations\"", "\"version\""].compactMap {
            text.range(of: $0)?.lowerBound
        }
        #expect(positions.count == 4 && positions == positions.sorted())
        #expect(try JSONDecoder().decode(HistFactoryWorkspace.self, from: data) == ws)
        #expect(try ws.jsonData() == data)
    }

    @Test func badUncertaintyIsRejected() {
        #expect(throws: StatsError.self) {
            try HistFactoryWorkspace.search(histogram: Self.histogram, backgroundNormUncertainty: 1.2)
        }
        #expect(throws: StatsError.self) {
            try HistFactoryWorkspace.search(histogram: Self.histogram, backgroundNormUncertainty: .nan)
        }
    }

    @Test func loadReportsTheFileAndPath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paramrun-stats-bad-\(getpid()).json")
        try Data(
            #"{"channels": [{"name": "c", "samples": 3}], "measurements": [], "observations": [], "version": "1.0.0"}"#
                .utf8
        ).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try HistFactoryWorkspace.load(from: url)
            Issue.record("expected an error")
        } catch let StatsError.invalidJSON(file, path, reason) {
            #expect(file == url.path)
            #expect(path == "channels[0].samples")
            #expect(reason == "expected an array, found a number")
        }
    }

    @Test func modelRejectsWhatItCannotEvaluate() throws {
        var ws = try HistFactoryWorkspace.search(histogram: Self.histogram)
        ws.channels[0].samples[1].modifiers.append(
            .init(name: "shape", type: "histosis", data: .hiLoData(hi: [1, 1], lo: [1, 1])))
        #expect(
            throws: StatsError.invalidWorkspace(
                path: "channels[0].samples[1].modifiers[1].type",
                reason: "modifier type \"histosis\" is not supported "
                    + "(histosys, lumi, normfactor, normsys, shapefactor, shapesys, staterror are)")
        ) {
            try HistFactoryModel(workspace: ws)
        }
        var negative = try HistFactoryWorkspace.search(histogram: Self.histogram)
        negative.channels[0].samples[0].data[1] = -2
        #expect(
            throws: StatsError.invalidWorkspace(
                path: "channels[0].samples[0].data[1]", reason: "-2.0: yields must be finite and ≥ 0")
        ) {
            try HistFactoryModel(workspace: negative)
        }
        var noPOI = try HistFactoryWorkspace.search(histogram: Self.histogram)
        noPOI.measurements[0].config.poi = "xsec"
        #expect(throws: StatsError.self) { try HistFactoryModel(workspace: noPOI) }
    }

    @Test func sidecarCarriesTheEdges() throws {
        let sidecar = BinEdgesSidecar(channel: "score", histogram: Self.histogram)
        let back = try JSONDecoder().decode(BinEdgesSidecar.self, from: sidecar.jsonData())
        #expect(back.edges == [0, 0.5, 1])
        #expect(back.strategy == .equal)
    }
}
