import Foundation
import ParamRunReport
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// `paramrun run` on a θ = (mass, jes) spec whose statistics block has the JES systematic, a lumi
/// and pseudo-data with an injected signal: histosys workspaces, observed limits and Z in
/// limits.csv, and the observed line in the report's limit plot.
@Suite(.serialized) struct ObservedStatisticsRunTests {
    static let spec = Binary.fixtures.appendingPathComponent("specs/run/jes-stats.yaml")

    @Test func writesHistosysWorkspacesAndObservedLimits() throws {
        let outputs = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let result = try Binary.run(["run", Self.spec.path, "--outputs", outputs.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let folder = outputs.appendingPathComponent("jes-stats")

        let csv = try String(contentsOf: folder.appendingPathComponent("limits.csv"), encoding: .utf8)
        #expect(csv.hasPrefix(LimitsTable.observedHeader + "\n"))
        let rows = try LimitsTable.parse(csv)
        #expect(
            rows.map { "\($0.model)@\(formatNumber($0.mass))" } == [
                "aware@750", "aware@1000", "plain@750", "plain@1000"
            ])
        for row in rows {
            let band = [row.muUpMinus2, row.muUpMinus1, row.muUp, row.muUpPlus1, row.muUpPlus2]
            #expect(band.allSatisfy { $0.isFinite && $0 > 0 } && band == band.sorted(), "\(row)")
            let observed = try #require(row.muUpObserved)
            let z = try #require(row.zObserved)
            #expect(observed.isFinite && observed > 0 && z.isFinite && z >= 0, "\(row)")
        }

        for row in rows {
            let url = folder.appendingPathComponent("workspaces/\(row.model)_\(formatNumber(row.mass)).json")
            let workspace = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let samples = try #require(
                (workspace["channels"] as? [[String: Any]])?.first?["samples"] as? [[String: Any]])
            let modifiers = samples.map { ($0["modifiers"] as? [[String: Any]] ?? []) }
            #expect(
                modifiers.map { $0.compactMap { $0["type"] as? String } } == [
                    ["normfactor", "histosys", "lumi"], ["staterror", "normsys", "histosys", "lumi"]
                ])
            // The shifted samples keep the nominal yield: the histosys is a shape.
            for (sample, mods) in zip(samples, modifiers) {
                let nominal = try #require(sample["data"] as? [Double]).reduce(0, +)
                let histosys = try #require(
                    mods.first { $0["type"] as? String == "histosys" }?["data"] as? [String: [Double]])
                #expect(histosys["hi_data"]?.count == (sample["data"] as? [Double])?.count)
                for key in ["hi_data", "lo_data"] {
                    #expect(abs((histosys[key] ?? []).reduce(0, +) - nominal) < 1e-6 * nominal, "\(key)")
                }
            }
            // Every pseudo-data event lands in a bin: 400 background and 20 injected signal events.
            let observed = try #require((workspace["observations"] as? [[String: Any]])?.first?["data"] as? [Double])
            #expect(observed.reduce(0, +) == 420 && observed.allSatisfy { $0 == $0.rounded() })
            let parameters =
                (workspace["measurements"] as? [[String: Any]])?.first
                .flatMap { ($0["config"] as? [String: Any])?["parameters"] as? [[String: Any]] } ?? []
            let lumi = try #require(parameters.first { $0["name"] as? String == "lumi" })
            #expect(lumi["auxdata"] as? [Double] == [1] && lumi["sigmas"] as? [Double] == [0.02])
        }
        let svg = try String(contentsOf: folder.appendingPathComponent("plots/limit_vs_mass.svg"), encoding: .utf8)
        #expect(svg.contains("aware (observed)") && svg.contains("aware (expected)"))
    }

    /// Background-only pseudo-data on a mass-only toy spec: the generator defaults to the test
    /// data's, every one of the round(400) events lands in a bin, and the expected columns are the
    /// same as without the observation only in their layout: the band is fitted to the data.
    @Test func backgroundOnlyPseudoDataOnAMassOnlySpec() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let toy = Binary.fixtures.appendingPathComponent("specs/run/toy-stats.yaml")
        let text =
            try String(contentsOf: toy, encoding: .utf8)
            .replacingOccurrences(of: "name: toy-stats", with: "name: toy-observed") + "\n  observed: {}\n"
        try text.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let result = try Binary.run(["run", "s.yaml", "--outputs", "out", "--quiet"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let out = folder.appendingPathComponent("out/toy-observed")
        let rows = try LimitsTable.parse(
            try String(contentsOf: out.appendingPathComponent("limits.csv"), encoding: .utf8))
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { ($0.muUpObserved ?? -1) > 0 && ($0.zObserved ?? -1) >= 0 })
        // Made as the test data were (the toy spans its background over the masses asked for, so
        // the pseudo-data ask for the test data's), background-only data show no excess: asked at
        // one mass, the toy's background was narrower and gave Z = 7.
        #expect(rows.allSatisfy { ($0.zObserved ?? 99) < 3 }, "\(rows)")
        let workspace = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("workspaces/param_0.json"))) as? [String: Any])
        let observed = try #require((workspace["observations"] as? [[String: Any]])?.first?["data"] as? [Double])
        #expect(observed.reduce(0, +) == 400)
    }
}
