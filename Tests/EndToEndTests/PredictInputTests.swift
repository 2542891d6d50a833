import Foundation
import ONNXFormat
import ParamRunNN
import ParamRunTestSupport
import Testing

/// `predict` and `validate` under the inputs of issue 26's classes 9 and 11: streams in place of
/// files (read once, as streams), a FIFO where a run writes its event log (refused, not waited
/// on), and NaN or infinite numbers from the command line or a model file (refused where they
/// enter, so no `nan` score is ever printed).
@Suite struct PredictInputTests {
    /// A folder holding the toy-export spec's parameterized network (`.prmodel` and `.onnx`) and a
    /// small events file, `events.csv` and `events.csv.gz`.
    struct Setup {
        let root: URL
        var onnx: String { root.appendingPathComponent("toy-export/export/param.onnx").path }
        var prmodel: String { root.appendingPathComponent("toy-export/models/param.prmodel").path }
        var events: String { root.appendingPathComponent("events.csv").path }

        init() throws {
            root = try Binary.temporaryDirectory()
            let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-export.yaml").path
            let run = try Binary.run(["run", spec, "--outputs", root.path, "--only", "export/param", "--quiet"])
            #expect(run.status == 0, "\(run.stderr)")
            // Large values of both signs, so that huge weights overflow to +∞ and −∞ in one sum.
            try "# label,x,mass\n1,5.0,0\n0,-5.0,0\n1,0.5,0\n".write(
                toFile: events, atomically: true, encoding: .utf8)
            #expect(try Self.shell("gzip -k '\(events)'").status == 0)
        }

        /// Runs `script` with bash (for process substitution), paramrun as `$P`, under a timeout:
        /// a hang shows as exit 124.
        static func shell(_ script: String, in directory: URL? = nil) throws -> Binary.Result {
            try Binary.run(
                ["30", "bash", "-c", "P='\(Binary.url.path)'; \(script)"], in: directory,
                executable: URL(fileURLWithPath: "/usr/bin/timeout"))
        }
    }

    @Test func eventsComeThroughPipesProcessSubstitutionAndFIFOs() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let direct = try Binary.run(["predict", s.onnx, s.events, "--mass", "0"])
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.split(separator: "\n").count == 4)
        let fifo = s.root.appendingPathComponent("events.fifo").path
        let scripts = [
            "plain pipe": "cat '\(s.events)' | $P predict '\(s.onnx)' /dev/stdin --mass 0",
            "gzip pipe": "cat '\(s.events).gz' | $P predict '\(s.onnx)' /dev/stdin --mass 0",
            "process substitution": "$P predict '\(s.onnx)' <(gunzip -c '\(s.events).gz') --mass 0",
            "fifo": "mkfifo '\(fifo)'; cat '\(s.events).gz' > '\(fifo)' & $P predict '\(s.onnx)' '\(fifo)' --mass 0",
            "model through a pipe": "$P predict <(cat '\(s.prmodel)') '\(s.events)' --mass 0",
            "onnx through a pipe": "$P predict <(cat '\(s.onnx)') '\(s.events)' --mass 0"
        ]
        for (name, script) in scripts.sorted(by: { $0.key < $1.key }) {
            let result = try Setup.shell(script)
            #expect(result.status == 0, "\(name): exit \(result.status)\n\(result.stderr)")
            // The ONNX network equals its .prmodel to Float rounding; the printed scores match here.
            let scores = result.stdout.split(separator: "\n")
            #expect(scores.count == 4, "\(name): \(result.stdout)")
            #expect(scores.first == "label,score", "\(name)")
        }
    }

    @Test func aSpecComesThroughAPipe() throws {
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-small.yaml").path
        let result = try Setup.shell("cat '\(spec)' | $P validate /dev/stdin")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("/dev/stdin: ok"), "\(result.stdout)")
    }

    @Test func aFIFOInPlaceOfTheEventLogIsRefusedNotWaitedOn() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("toy-small")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("events.jsonl").path
        #expect(mkfifo(log, 0o644) == 0)
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-small.yaml").path
        let result = try Setup.shell("$P run '\(spec)' --outputs '\(root.path)' --only load/train --quiet")
        #expect(result.status != 0 && result.status != 124, "exit \(result.status)")
        #expect(result.stderr.contains("events.jsonl"), "\(result.stderr)")
        #expect(result.stderr.contains("FIFO"), "\(result.stderr)")
    }

    @Test func nonFiniteMassesAndConditionsAreRefused() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        for mass in ["nan", "inf", "-inf", "1e39"] {
            let result = try Binary.run(["predict", s.onnx, s.events, "--mass=\(mass)"])
            #expect(result.status == 1, "--mass \(mass): exit \(result.status)\n\(result.stdout)")
            #expect(result.stderr.contains("--mass needs a finite number"), "\(result.stderr)")
            #expect(!result.stdout.contains("nan"))
        }
    }

    /// The exported file with `replacement` written over layer 0's first weights.
    func patchedONNX(_ s: Setup, name: String, replacement: [Float]) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: s.onnx)))
        let description = try ONNXImporter.parse(bytes: bytes, file: s.onnx)
        let original = description.layers[0].weights.prefix(replacement.count).flatMap(Self.littleEndian)
        let at = try #require(
            (0...(bytes.count - original.count)).first { Array(bytes[$0..<($0 + original.count)]) == original })
        bytes.replaceSubrange(at..<(at + original.count), with: replacement.flatMap(Self.littleEndian))
        let path = s.root.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func littleEndian(_ value: Float) -> [UInt8] {
        withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
    }

    @Test func nonFiniteWeightsInAModelFileAreRefusedNamingFileAndTensor() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        let nan = try patchedONNX(s, name: "nan.onnx", replacement: [.nan])
        let fromONNX = try Binary.run(["predict", nan, s.events, "--mass", "0"])
        #expect(fromONNX.status == 1, "exit \(fromONNX.status)\n\(fromONNX.stdout)")
        #expect(
            fromONNX.stderr.contains("\(nan): node 0, tensor 'layer0.weight': element 0 is nan"), "\(fromONNX.stderr)")

        var network = try ModelFile.read(from: URL(fileURLWithPath: s.prmodel))
        network.parameters[3] = .infinity
        let infinite = s.root.appendingPathComponent("inf.prmodel")
        try ModelFile.write(network, to: infinite)
        let fromModel = try Binary.run(["predict", infinite.path, s.events, "--mass", "0"])
        #expect(fromModel.status == 1, "exit \(fromModel.status)\n\(fromModel.stdout)")
        #expect(
            fromModel.stderr.contains("\(infinite.path): element 3 of its parameters is inf"), "\(fromModel.stderr)")
    }

    @Test func aScoreThatOverflowsIsNeverPrinted() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        // Finite weights, a linear output: 3e38 × 5 + 3e38 × 5 is past Float's range.
        let layer = ONNXLayer(fanIn: 2, units: 1, weights: [3e38, 3e38], bias: [0], activation: .identity)
        let network = ONNXNetworkDescription(
            inputCount: 2, layers: [layer],
            metadata: [ONNXMetadataKey.inputOrder: #"["x","theta"]"#, ONNXMetadataKey.parameters: #"["theta"]"#])
        let huge = s.root.appendingPathComponent("huge.onnx").path
        try Data(try ONNXExporter.serialize(network)).write(to: URL(fileURLWithPath: huge))
        let result = try Binary.run(["predict", huge, s.events, "--mass", "5"])
        #expect(result.status == 1, "exit \(result.status)\n\(result.stdout)")
        #expect(result.stderr.contains("scores event 1 of \(s.events) as inf"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
