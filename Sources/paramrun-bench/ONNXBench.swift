import ArgumentParser
import Foundation
import ONNXFormat
import ParamRunNN

/// paramrun's inference on an exported network, for `scripts/bench-onnx.sh` to set beside
/// onnxruntime on the same file and the same rows.
///
///     paramrun-bench onnx --dir DIR [--rows 10000] [--repeats 20] [--threads 1]
///
/// Trains the paper's deep network (28 → 5×500 relu → 1) for one epoch on synthetic rows, with a
/// standard scaler, and exports it as the export stage does (`Network.onnxDescription`,
/// `ONNXExporter`) to DIR/deep.onnx; writes the rows (raw little-endian Float32, rows × 28) to
/// DIR/rows.f32; reads the file back into a Network and times scoring the rows as one batch,
/// writing those scores to DIR/paramrun_scores.f32. Prints `RESULT paramrun_onnx threads=T SECONDS`
/// (the median of the repeats).
struct ONNXBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx",
        abstract: "Inference on an exported deep network.")

    @Option(help: "Where deep.onnx, rows.f32 and paramrun_scores.f32 go.")
    var dir: String

    @Option(help: "Rows scored as one batch.")
    var rows = 10_000

    @Option(help: "Timed repeats; the median is reported.")
    var repeats = 20

    @Option(help: "Predictor threads.")
    var threads = 1

    func run() {
        BLASRuntime.ensureBestKernel()
        do {
            BLASRuntime.setThreads(1)
            let folder = URL(fileURLWithPath: dir)
            let examples = NNBench.syntheticHEPLike(rows: rows, seed: 11)
            var trained = try Trainer(
                architecture: NNBench.deepArchitecture,
                config: TrainingConfig(batchSize: 1000, epochs: 1, seed: 1, threads: threads)
            )
            .train(examples, scaler: InputScaler.standardizing(examples.features)).network
            trained.featureNames = (0..<28).map { "f\($0)" }
            let file = folder.appendingPathComponent("deep.onnx")
            try Data(try ONNXExporter.serialize(try trained.onnxDescription())).write(to: file)
            var raw = Data()
            examples.features.values.withUnsafeBytes { raw.append(contentsOf: $0) }
            try raw.write(to: folder.appendingPathComponent("rows.f32"))

            let network = try Network(onnx: try ONNXImporter.read(path: file.path), file: file.path)
            let predictor = network.makePredictor(batchSize: rows, threads: threads)
            var scores = try predictor.predict(examples.features)
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                scores = try predictor.predict(examples.features)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            var out = Data()
            scores.withUnsafeBytes { out.append(contentsOf: $0) }
            try out.write(to: folder.appendingPathComponent("paramrun_scores.f32"))
            print(
                "# \(BLASRuntime.summary); \(rows) rows, 28 → 5×500 relu → 1 logistic, read back from "
                    + "\(file.lastPathComponent)"
            )
            print(String(format: "RESULT paramrun_onnx threads=%d %.6f", threads, times.sorted()[times.count / 2]))
        } catch {
            FileHandle.standardError.write("paramrun-bench onnx: \(error)\n".data(using: .utf8)!)
            Foundation.exit(1)
        }
    }
}
