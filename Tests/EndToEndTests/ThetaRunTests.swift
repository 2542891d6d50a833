import Foundation
import ParamRunTestSupport
import Testing

/// `paramrun run` on specs whose θ has several components, and the one-component path's bytes.
@Suite(.serialized) struct ThetaRunTests {
    static let specs = Binary.fixtures.appendingPathComponent("specs/run")

    func spec(_ name: String) -> String { Self.specs.appendingPathComponent("\(name).yaml").path }

    func read(_ folder: URL, _ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func aTwoParameterSpecRunsAndTablesAUCOverTheta() throws {
        let one = try Binary.temporaryDirectory(), two = try Binary.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: one)
            try? FileManager.default.removeItem(at: two)
        }
        let run = try Binary.run(["run", spec("jes-tiny"), "--outputs", one.path, "--jobs", "1", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let folder = one.appendingPathComponent("jes-tiny")
        let lines = try read(folder, "auc_vs_theta.csv").split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(
            lines.first == [
                "model", "type", "mass", "jes", "auc", "auc_err", "n_signal", "n_background", "trained_at_point"
            ])
        #expect(
            lines.dropFirst().map { [$0[0], $0[2], $0[3], $0[6], $0[7], $0[8]] } == [
                ["aware", "750", "-0.05", "100", "200", "false"], ["aware", "1000", "0.1", "100", "200", "true"],
                ["nominal", "750", "-0.05", "100", "200", "false"], ["nominal", "1000", "0.1", "100", "200", "false"]
            ])
        #expect(
            lines.dropFirst().allSatisfy { Double($0[4]).map { (0...1).contains($0) } ?? false && Double($0[5]) != nil }
        )
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("auc_vs_mass.csv").path))
        for plot in ["auc_heatmap_aware.svg", "auc_heatmap_nominal.svg", "auc_diff_aware_minus_nominal.svg"] {
            #expect(
                FileManager.default.fileExists(atPath: folder.appendingPathComponent("plots/\(plot)").path),
                "no \(plot)")
        }
        #expect(try read(folder, "report.md").contains("aware vs nominal at jes = 0.1"))
        // Same spec and seed, other --jobs: the same bits.
        let again = try Binary.run(["run", spec("jes-tiny"), "--outputs", two.path, "--jobs", "2", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try read(two.appendingPathComponent("jes-tiny"), "auc_vs_theta.csv") == read(folder, "auc_vs_theta.csv"))
        let modelA = try Data(contentsOf: folder.appendingPathComponent("models/aware.prmodel"))
        let modelB = try Data(contentsOf: two.appendingPathComponent("jes-tiny/models/aware.prmodel"))
        #expect(modelA == modelB)

        // predict and the ONNX export take the JES as a condition beside the mass.
        let events = one.appendingPathComponent("events.csv").path
        #expect(
            try Binary.run([
                "generate", "--generator", "xttbar", "--masses", "750", "--signal-per-mass", "200",
                "--background", "200", "--seed", "8", "--jes=-0.05", "-o", events
            ]).status == 0)
        let model = folder.appendingPathComponent("models/aware.prmodel").path
        let missing = try Binary.run(["predict", model, events, "--mass", "750"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("takes the θ condition 'jes': give its value with --condition jes=VALUE"))
        let native = try Binary.run(["predict", model, events, "--mass", "750", "--condition", "jes=-0.05"])
        #expect(native.status == 0, "\(native.stderr)")
        let onnx = try Binary.run([
            "predict", folder.appendingPathComponent("export/aware.onnx").path, events, "--mass", "750", "--condition",
            "jes=-0.05"
        ])
        #expect(onnx.status == 0, "\(onnx.stderr)")
        let a = native.stdout.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
        let b = onnx.stdout.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[1])! }
        #expect(a.count == 400 && b.count == 400)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })
        // Another JES gives other scores: the network uses the condition.
        let shifted = try Binary.run(["predict", model, events, "--mass", "750", "--condition", "jes=0.1"])
        #expect(shifted.status == 0 && shifted.stdout != native.stdout)
        let unknown = try Binary.run([
            "predict", folder.appendingPathComponent("models/nominal.prmodel").path, events, "--mass", "750",
            "--condition", "jes=0.1"
        ])
        #expect(unknown.status == 1 && unknown.stderr.contains("has no θ condition 'jes': it takes no θ conditions"))
    }

    @Test func generateWritesEventsMadeAtAJetEnergyScale() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func first(_ jes: String?) throws -> [Double] {
            let path = folder.appendingPathComponent("e\(jes ?? "").csv").path
            let result = try Binary.run(
                [
                    "generate", "--masses", "1000", "--signal-per-mass", "5", "--background", "0", "--seed", "4", "-o",
                    path
                ]
                    + (jes.map { ["--jes", $0] } ?? []))
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(!lines[0].contains("jes"))
            return lines[1].split(separator: ",").compactMap { Double($0) }
        }
        let nominal = try first(nil), shifted = try first("0.1")
        // The first event is the same event: its lepton (label, f0) unchanged, its leading jet's pT (f6) × 1.1.
        #expect(nominal[0...1] == shifted[0...1])
        #expect(abs(shifted[7] / nominal[7] - 1.1) < 1e-5)
        let toy = try Binary.run([
            "generate", "--generator", "toy", "--jes", "0.1", "-o", folder.appendingPathComponent("t.csv").path
        ])
        #expect(toy.status != 0 && toy.stderr.contains("which the toy generator does not make"))
    }

    @Test func anExplicitOneComponentBlockGivesTheShorthandsBytes() throws {
        let short = try Binary.temporaryDirectory(), explicit = try Binary.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: short)
            try? FileManager.default.removeItem(at: explicit)
        }
        #expect(try Binary.run(["run", spec("toy-small"), "--outputs", short.path, "--quiet"]).status == 0)
        let run = try Binary.run(["run", spec("toy-explicit-mass"), "--outputs", explicit.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let a = short.appendingPathComponent("toy-small"), b = explicit.appendingPathComponent("toy-small")
        #expect(try read(a, "auc_vs_mass.csv") == read(b, "auc_vs_mass.csv"))
        for file in [
            "models/param.prmodel", "models/fixed.prmodel", "models/mix.prmodel", "scores/param_0_scores.npy",
            "roc/roc_fixed_0.csv"
        ] {
            #expect(
                try Data(contentsOf: a.appendingPathComponent(file))
                    == Data(contentsOf: b.appendingPathComponent(file)), "\(file) differs")
        }
        #expect(!FileManager.default.fileExists(atPath: b.appendingPathComponent("auc_vs_theta.csv").path))
    }
}
