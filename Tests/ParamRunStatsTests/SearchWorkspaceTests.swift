import Foundation
import Testing
@testable import ParamRunStats

/// The pipeline's search workspace with what the statistics block adds: observed counts, a
/// histosys per shape systematic, and a lumi with its measurement settings.
@Suite struct SearchWorkspaceTests {
    static let histogram = Histogram(
        edges: [0, 0.5, 1], signalSumW: [1, 4], signalSumW2: [0.5, 2],
        backgroundSumW: [30, 5], backgroundSumW2: [9, 4], requestedBins: 2, strategy: .equal)
    static let jes = HistFactoryWorkspace.ShapeSystematic(
        name: "jes", signalHi: [0.8, 4.2], signalLo: [1.3, 3.7], backgroundHi: [28, 7], backgroundLo: [33, 2])

    @Test func withoutAdditionsTheBytesAreThoseOfTheBareSearch() throws {
        let bare = try HistFactoryWorkspace.search(histogram: Self.histogram, backgroundNormUncertainty: 0.1)
        let explicit = try HistFactoryWorkspace.search(
            histogram: Self.histogram, backgroundNormUncertainty: 0.1, observed: nil, shapeSystematics: [],
            lumiUncertainty: nil)
        #expect(try explicit.jsonData() == bare.jsonData())
        #expect(bare.measurements[0].name == "expected_limit")
    }

    @Test func observedHistosysAndLumiAreWrittenAsPyhfReadsThem() throws {
        let ws = try HistFactoryWorkspace.search(
            histogram: Self.histogram, backgroundNormUncertainty: 0.1, observed: [33, 6], shapeSystematics: [Self.jes],
            lumiUncertainty: 0.02)
        let samples = ws.channels[0].samples
        #expect(samples[0].modifiers.map(\.type) == ["normfactor", "histosys", "lumi"])
        #expect(samples[1].modifiers.map(\.type) == ["staterror", "normsys", "histosys", "lumi"])
        #expect(samples[0].modifiers[1].data == .hiLoData(hi: [0.8, 4.2], lo: [1.3, 3.7]))
        #expect(samples[1].modifiers[2].data == .hiLoData(hi: [28, 7], lo: [33, 2]))
        #expect(ws.observations == [.init(name: "score", data: [33, 6])])
        let lumi = try #require(ws.measurements[0].config.parameters.first { $0.name == "lumi" })
        #expect(lumi.auxdata == [1] && lumi.sigmas == [0.02] && lumi.bounds == [[0.9, 1.1]] && lumi.inits == [1])
        let json = try #require(String(data: try ws.jsonData(), encoding: .utf8))
        #expect(json.contains(#""hi_data" : ["#) && json.contains(#""type" : "histosys""#))
        #expect(try JSONDecoder().decode(HistFactoryWorkspace.self, from: try ws.jsonData()) == ws)
    }

    @Test func mismatchedBinsAndABadLumiAreRefused() {
        var short = Self.jes
        short.backgroundLo = [1]
        #expect(throws: StatsError.self) {
            try HistFactoryWorkspace.search(histogram: Self.histogram, shapeSystematics: [short])
        }
        #expect(throws: StatsError.self) { try HistFactoryWorkspace.search(histogram: Self.histogram, observed: [1]) }
        for sigma in [0, 1, -0.1, .nan] {
            #expect(throws: StatsError.self) {
                try HistFactoryWorkspace.search(histogram: Self.histogram, lumiUncertainty: sigma)
            }
        }
    }
}
