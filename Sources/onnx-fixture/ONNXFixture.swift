import ArgumentParser
import Foundation
import ONNXFormat

/// Writes a seeded random network as ONNX plus rows scored by ONNXFormat's own evaluator, both
/// from the network itself and from the file read back, for Tests/interop/onnx to check against
/// onnxruntime.
struct ONNXFixture: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx-fixture",
        abstract: "Writes PATH_STEM.onnx (a seeded random network) and PATH_STEM.csv (seeded raw input rows, "
            + "the scores ONNXFormat's evaluator gives them, and the scores of the file read back), "
            + "and prints the evaluation time."
    )

    @OptionGroup var options: FixtureOptions

    func run() throws {
        var builder = FixtureBuilder(options: options)
        let columns = builder.columns()
        let scaling = builder.scaling(columns: columns)
        let network = try builder.network(scaling: scaling)
        let rows = builder.rows(columns: columns)

        let clock = ContinuousClock()
        let start = clock.now
        // The exported graph takes raw inputs, so the reference scores come from the unfolded
        // network: agreement then also checks the folding.
        let scores = try network.evaluate(rows: rows)
        let elapsed = clock.now - start

        let modelPath = options.output + ".onnx"
        try Data(ONNXExporter.serialize(network)).write(to: URL(fileURLWithPath: modelPath))
        // The file as `paramrun predict` would see it: read back, scaler folded, scored again.
        let readBack = try ONNXImporter.read(path: modelPath).evaluate(rows: rows)

        let names = (0..<options.features).map { "f\($0)" } + (options.parameterized ? ["mass"] : [])
        var csv = (names + ["score", "readback_score"]).joined(separator: ",") + "\n"
        for ((row, score), again) in zip(zip(rows, scores), readBack) {
            csv += row.map { "\($0)" }.joined(separator: ",") + ",\(score[0]),\(again[0])\n"
        }
        try Data(csv.utf8).write(to: URL(fileURLWithPath: options.output + ".csv"))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("evaluate_seconds=\(seconds)")
    }
}
