import Foundation
import ONNXFormat
import ParamRunNN
import ParamRunTestSupport
import Testing

/// `predict` and `validate` under the inputs of issue 26's classes 3, 9 and 11: an affine ONNX
/// network whose maps disagree with a symbolic input width (refused, not a trap), streams in place
/// of files (read once, as streams), a FIFO where a run writes its event log (refused, not waited
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

    /// An affine network exported through the public API, its input width made symbolic and its
    /// scale map given `columns` input columns (of zero weight) by editing the protobuf.
    func affineWithScaleMap(columns: Int, in root: URL) throws -> String {
        var hidden = ONNXLayer(
            fanIn: 2, units: 3, weights: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6], bias: [0, 0, 0], activation: .tanh)
        hidden.modulation = ONNXModulation(
            scaleWeights: [0, 1, 0, 0.5, 0, -1], scaleBias: [1, 1, 1], shiftWeights: [0, 0.2, 0, 0.1, 0, 0.3],
            shiftBias: [0, 0, 0])
        let output = ONNXLayer(fanIn: 3, units: 1, weights: [1, -1, 0.5], bias: [0], activation: .sigmoid)
        let network = ONNXNetworkDescription(
            inputCount: 2, layers: [hidden, output],
            metadata: [ONNXMetadataKey.inputOrder: #"["x","theta"]"#, ONNXMetadataKey.parameters: #"["theta"]"#])
        var fields = try #require(ONNXMutator.parse(try ONNXExporter.serialize(network)[...], depth: 0))
        let g = try #require(fields.firstIndex { $0.number == 7 })
        guard case .message(var graph) = fields[g].value else { throw CocoaError(.fileReadCorruptFile) }
        let input = try #require(graph.firstIndex { $0.number == 11 })
        graph[input].value = ONNXMutator.symbolicWidth(graph[input].value)
        for t in graph.indices where graph[t].number == 5 {
            guard case .message(var tensor) = graph[t].value,
                tensor.contains(where: { $0.number == 8 && Self.isBytes($0.value, "layer0.scale.weight") })
            else { continue }
            for f in tensor.indices where tensor[f].number == 1 || tensor[f].number == 9 {
                tensor[f].value = .bytes(
                    tensor[f].number == 1 ? [3, UInt8(columns)] : [UInt8](repeating: 0, count: 12 * columns))
            }
            graph[t].value = .message(tensor)
        }
        fields[g].value = .message(graph)
        let path = root.appendingPathComponent("map\(columns).onnx").path
        try Data(ONNXMutator.encode(fields)).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func isBytes(_ value: ONNXMutator.Value, _ text: String) -> Bool {
        if case .bytes(let b) = value { return b == Array(text.utf8) }
        return false
    }

    @Test func scaleMapsThatDisagreeWithASymbolicInputWidthAreRefusedNotATrap() throws {
        let s = try Setup()
        defer { try? FileManager.default.removeItem(at: s.root) }
        // Narrower: index out of range (signal 4) before; wider: silently scored before.
        for columns in [1, 3] {
            let model = try affineWithScaleMap(columns: columns, in: s.root)
            let result = try Binary.run(["predict", model, s.events, "--mass", "0"])
            #expect(result.status == 1, "\(columns) columns: exit \(result.status)\n\(result.stderr.prefix(300))")
            #expect(
                result.stderr.contains(
                    "\(model): node 2, tensor 'layer0.scale.weight': the Gemm's weight takes \(columns)"),
                "\(result.stderr)")
        }
    }
}
