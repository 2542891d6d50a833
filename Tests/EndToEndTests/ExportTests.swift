import Foundation
import ParamRunTestSupport
import Testing

/// `export:` in a spec writes `outputs/<spec>/export/<model>.onnx`, and `paramrun predict` reads
/// it back to the scores the `.prmodel` gives.
@Suite struct ExportTests {
    @Test func exportedNetworksPredictAsTheirModelFilesDo() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-export.yaml").path
        let run = try Binary.run(["run", spec, "--outputs", root.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let events = root.appendingPathComponent("events.csv").path
        #expect(
            try Binary.run([
                "generate", "--generator", "toy", "--masses=-1,0,1", "--signal-per-mass", "300",
                "--background", "900", "--seed", "4", "-o", events
            ]).status == 0)
        for (model, mass) in [("param", ["--mass", "0.5"]), ("fixed", [])] {
            let onnx = root.appendingPathComponent("toy-export/export/\(model).onnx").path
            let prmodel = root.appendingPathComponent("toy-export/models/\(model).prmodel").path
            #expect(FileManager.default.fileExists(atPath: onnx))
            let fromONNX = try scores(try Binary.run(["predict", onnx, events] + mass))
            let fromModel = try scores(try Binary.run(["predict", prmodel, events] + mass))
            #expect(fromONNX.count == 1800)
            #expect(fromONNX.map(\.label) == fromModel.map(\.label))
            // The scaler is folded into the first layer's Float weights: equal to float rounding.
            let worst = zip(fromONNX, fromModel).map { abs($0.score - $1.score) }.max() ?? .infinity
            #expect(worst <= 1e-6, "\(model): largest difference \(worst)")
        }
    }

    @Test func aDamagedOrForeignFileIsAnErrorNamingIt() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-export.yaml").path
        #expect(try Binary.run(["run", spec, "--outputs", root.path, "--only", "export/fixed", "--quiet"]).status == 0)
        let events = root.appendingPathComponent("events.csv").path
        #expect(
            try Binary.run([
                "generate", "--generator", "toy", "--masses", "0", "--signal-per-mass", "10",
                "--background", "10", "--seed", "4", "-o", events
            ]).status == 0)
        let good = try Data(contentsOf: root.appendingPathComponent("toy-export/export/fixed.onnx"))

        let truncated = root.appendingPathComponent("truncated.onnx")
        try good.prefix(good.count / 2).write(to: truncated)
        let cut = try Binary.run(["predict", truncated.path, events])
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("\(truncated.path): not a readable ONNX file"), "\(cut.stderr)")

        // Same length, another operator: the hidden layers' Tanh becomes Selu.
        var bytes = [UInt8](good)
        let tanh = Array("Tanh".utf8)
        let at = try #require((0...(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == tanh })
        bytes.replaceSubrange(at..<(at + 4), with: Array("Selu".utf8))
        let foreign = root.appendingPathComponent("selu.onnx")
        try Data(bytes).write(to: foreign)
        let selu = try Binary.run(["predict", foreign.path, events])
        #expect(selu.status == 1)
        #expect(selu.stderr.contains("\(foreign.path): unsupported ONNX operator 'Selu'"), "\(selu.stderr)")

        let text = root.appendingPathComponent("text.onnx")
        try Data("name,score\n".utf8).write(to: text)
        let notONNX = try Binary.run(["predict", text.path, events])
        #expect(notONNX.status == 1)
        #expect(notONNX.stderr.contains(text.path), "\(notONNX.stderr)")
    }

    func scores(_ result: Binary.Result) throws -> [(label: Int, score: Double)] {
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
            .map { (label: Int($0[0]) ?? -1, score: Double($0[1]) ?? .nan) }
    }
}
