import Foundation
import ParamRunReport
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// `paramrun run` on a spec with a statistics block: histograms, pyhf workspaces, limits.csv and
/// the report's limit plots, through the built binary.
@Suite(.serialized) struct StatisticsRunTests {
    static let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-stats.yaml")

    @Test func writesWorkspacesLimitsAndTheReportsLimitPlots() throws {
        let outputs = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let result = try Binary.run(["run", Self.spec.path, "--outputs", outputs.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let folder = outputs.appendingPathComponent("toy-stats")

        let csv = try String(contentsOf: folder.appendingPathComponent("limits.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "model,mass,z_asimov,mu_up,mu_up_minus2,mu_up_minus1,mu_up_plus1,mu_up_plus2")
        let rows = try LimitsTable.parse(csv)
        #expect(
            rows.map { "\($0.model)@\(formatNumber($0.mass))" } == [
                "fixed@-1", "fixed@0", "fixed@1", "param@-1", "param@0", "param@1"
            ])
        for row in rows {
            let band = [row.muUpMinus2, row.muUpMinus1, row.muUp, row.muUpPlus1, row.muUpPlus2]
            #expect(band.allSatisfy { $0.isFinite && $0 > 0 }, "\(row)")
            #expect(band == band.sorted(), "\(row)")
            #expect(row.zAsimov.isFinite && row.zAsimov > 0)
        }

        for row in rows {
            let name = "\(row.model)_\(formatNumber(row.mass))"
            let data = try Data(contentsOf: folder.appendingPathComponent("workspaces/\(name).json"))
            let workspace = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(workspace["version"] as? String == "1.0.0")
            let channels = try #require(workspace["channels"] as? [[String: Any]])
            #expect(channels.count == 1)
            let samples = try #require(channels[0]["samples"] as? [[String: Any]])
            #expect(samples.compactMap { $0["name"] as? String } == ["signal", "background"])
            let modifiers = samples.map {
                ($0["modifiers"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            }
            #expect(modifiers == [["normfactor"], ["staterror", "normsys"]])
            // Weights were scaled to the yields: 30 signal at θ = 0 (interpolated), 400 background.
            let signal = try #require(samples[0]["data"] as? [Double])
            let background = try #require(samples[1]["data"] as? [Double])
            #expect(abs(signal.reduce(0, +) - (row.mass == 0 ? 30 : row.mass < 0 ? 40 : 20)) < 1e-6)
            #expect(abs(background.reduce(0, +) - 400) < 1e-6)
            let observations = try #require(workspace["observations"] as? [[String: Any]])
            #expect(observations.first?["data"] as? [Double] == background)
            let edges = try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("workspaces/\(name).edges.json")))
            #expect(((edges as? [String: Any])?["edges"] as? [Double])?.count == background.count + 1)
        }

        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        let limitPlot = try #require(report.range(of: "plots/limit_vs_mass.svg"))
        let zPlot = try #require(report.range(of: "plots/z_vs_mass.svg"))
        let table = try #require(report.range(of: "| model | type |"))
        #expect(limitPlot.lowerBound < table.lowerBound && zPlot.lowerBound < table.lowerBound)
        // One verdict per mass both networks were judged at, and the spec as written.
        #expect(report.contains("- param vs fixed at 0: "))
        #expect(report.components(separatedBy: "- param vs fixed at ").count == 4)
        #expect(report.contains("```yaml\n# A small toy experiment with a statistics block"))
        #expect(report.contains("signal: {yield: {-1: 40, 1: 20}}   # 0 is interpolated: 30"))
        let svg = try String(contentsOf: folder.appendingPathComponent("plots/limit_vs_mass.svg"), encoding: .utf8)
        #expect(svg.contains("±2σ (parameterized)") && svg.contains("<polygon"))
    }

    @Test func tooFewTestEventsForTheBinsFailTheHistogramNamingModelMassAndCounts() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var rows = "# label,x,mass\n"
        for i in 0..<40 { rows += "\(i % 2),\(Double(i % 7) / 7),1\n" }
        try rows.write(to: folder.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
        try """
        name: few
        datasets:
          train: {source: {hepmass: events.csv}, masses: [1]}
          test: {source: {hepmass: events.csv}, masses: [1], signal_per_mass: 3, background: 4}
        models:
          p: {type: parameterized, hidden: [2], epochs: 1}
        evaluate: {masses: [1], models: [p]}
        statistics:
          signal: {yield: {1: 5}}
          background: {yield: 50}
          binning: {bins: 6}
        """.write(to: folder.appendingPathComponent("few.yaml"), atomically: true, encoding: .utf8)
        // A file's event count is known only when it is read, so validation passes.
        #expect(try Binary.run(["validate", "few.yaml"], in: folder).status == 0)
        let result = try Binary.run(
            ["run", "few.yaml", "--outputs", folder.appendingPathComponent("out").path], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("histogram/p@1"))
        #expect(result.stderr.contains("model 'p' at 1: the test data has 3 signal and 4 background events"))
        #expect(result.stderr.contains("too few for the 6 bins statistics.binning asks for"))
    }
}
