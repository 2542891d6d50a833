import Foundation
import ParamRunTestSupport
import Testing

@Suite struct PredictCommandTests {
    @Test func scoresAFileOfEventsWithATrainedNetwork() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-small.yaml").path
        #expect(try Binary.run(["run", spec, "--outputs", root.path, "--only", "train/param", "--quiet"]).status == 0)
        let model = root.appendingPathComponent("toy-small/models/param.prmodel").path
        let events = root.appendingPathComponent("events.csv").path
        #expect(
            try Binary.run([
                "generate", "--generator", "toy", "--masses", "0", "--signal-per-mass", "500",
                "--background", "500", "--seed", "3", "-o", events
            ]).status == 0)

        // A parameterized network needs the mass it is to be judged at.
        let noMass = try Binary.run(["predict", model, events])
        #expect(noMass.status == 1)
        #expect(noMass.stderr.contains("give the mass to evaluate it at with --mass"))

        let scored = root.appendingPathComponent("scores.csv").path
        let result = try Binary.run(["predict", model, events, "--mass", "0", "-o", scored])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: scored, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",") }.map { (label: Int($0[0])!, score: Double($0[1])!) }
        #expect(rows.count == 1000)
        #expect(rows.allSatisfy { (0...1).contains($0.score) })
        // It separates: signal outscores background far more often than chance (0.5) would. The
        // generated background spans only [-1, 1] here, so the bar sits below the network's usual AUC.
        let signal = rows.filter { $0.label == 1 }.map(\.score), background = rows.filter { $0.label == 0 }.map(\.score)
        var wins = 0.0
        for s in signal { for b in background { wins += s > b ? 1 : s == b ? 0.5 : 0 } }
        #expect(wins / Double(signal.count * background.count) > 0.7)
    }
}
