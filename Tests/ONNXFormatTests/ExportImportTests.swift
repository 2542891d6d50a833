import Foundation
import Testing
@testable import ONNXFormat
import ParamRunSupport

/// Export, the graph it writes, and import of that graph and of other writers' equivalent forms.
struct ExportImportTests {
    private func sample(scaling: Bool, activation: ONNXActivation = .relu, seed: UInt64 = 1) -> ONNXNetworkDescription {
        var random = SeededGenerator(seed: seed)
        let columns = SeededNetworks.columns(4, using: &random)
        return SeededNetworks.network(
            inputs: 4, hidden: [6, 5], activation: activation,
            scaling: scaling ? SeededNetworks.standardScaling(columns) : nil, using: &random)
    }

    @Test(arguments: [ONNXActivation.relu, .tanh, .sigmoid, .identity, .leakyRelu(alpha: 0.1)])
    func exportThenImportGivesTheSameDescription(activation: ONNXActivation) throws {
        let network = sample(scaling: false, activation: activation)
        let bytes = try ONNXExporter.serialize(network)
        #expect(try ONNXImporter.parse(bytes: bytes, file: "m.onnx") == network)
    }

    @Test func importGivesTheFoldedNetworkWhenTheExportHadAScaler() throws {
        let network = sample(scaling: true)
        let read = try ONNXImporter.parse(bytes: ONNXExporter.serialize(network), file: "m.onnx")
        #expect(read == (try network.foldingInputScaling()))
        #expect(read.inputScaling == nil)
    }

    @Test func bytesAreDeterministicWhateverTheMetadataInsertionOrder() throws {
        var a = sample(scaling: true)
        a.metadata = [:]
        var b = a
        for k in ["zeta", "alpha", "mu", "beta"] { a.metadata[k] = "v-" + k }
        for k in ["beta", "mu", "alpha", "zeta"] { b.metadata[k] = "v-" + k }
        let bytesA = try ONNXExporter.serialize(a)
        #expect(bytesA == (try ONNXExporter.serialize(b)))
        #expect(try ModelProto(serialized: bytesA).metadataProps.map(\.key) == ["alpha", "beta", "mu", "zeta"])
    }

    @Test func theGraphHasTheDocumentedLayout() throws {
        let model = try ONNXExporter.model(for: sample(scaling: true))
        #expect(model.irVersion == 7)
        #expect(model.opsetImport == [OperatorSetIdProto(domain: "", version: 13)])
        #expect(model.producerName == "paramrun")
        let graph = try #require(model.graph)
        #expect(graph.node.map(\.opType) == ["Gemm", "Relu", "Gemm", "Relu", "Gemm", "Sigmoid"])
        #expect(
            graph.node.filter { $0.opType == "Gemm" }.allSatisfy {
                $0.attribute == [AttributeProto(name: "transB", int: 1)]
            })
        #expect(graph.node.first?.input.first == "inputs")
        #expect(graph.node.last?.output == ["score"])
        #expect(graph.initializer.map(\.dims) == [[6, 4], [6], [5, 6], [5], [1, 5], [1]])
        let nBy = { (w: Int64) in
            TypeProto(
                tensorType: .init(elemType: 1, shape: TensorShapeProto(dims: [.init(param: "N"), .init(value: w)])))
        }
        #expect(graph.input == [ValueInfoProto(name: "inputs", type: nBy(4))])
        #expect(graph.output == [ValueInfoProto(name: "score", type: nBy(1))])
    }

    @Test func aLinearOutputLayerWritesGemmStraightToScore() throws {
        var network = sample(scaling: false)
        network.layers[2].activation = .identity
        let graph = try #require(try ONNXExporter.model(for: network).graph)
        #expect(graph.node.map(\.opType) == ["Gemm", "Relu", "Gemm", "Relu", "Gemm"])
        #expect(graph.node.last?.output == ["score"])
    }

    @Test func inputMajorWeightsAreTransposed() throws {
        // W[in][unit] for 2 inputs, 3 units: in0 → (1, 2, 3), in1 → (4, 5, 6).
        let layer = try ONNXLayer(
            fanIn: 2, units: 3, inputMajorWeights: [1, 2, 3, 4, 5, 6], bias: [0, 0, 0], activation: .relu)
        #expect(layer.weights == [1, 4, 2, 5, 3, 6])
        #expect(throws: ONNXError.self) {
            try ONNXLayer(fanIn: 2, units: 3, inputMajorWeights: [1], bias: [], activation: .relu)
        }
    }

    @Test func exportRefusesAnInconsistentDescription() {
        var network = sample(scaling: true)
        network.layers[1].bias.removeLast()
        #expect(throws: ONNXError.invalidDescription(reason: "layer 1 has 5 units but 4 biases")) {
            try ONNXExporter.serialize(network)
        }
        network = sample(scaling: true)
        network.inputScaling?.scales.removeLast()
        #expect(throws: ONNXError.self) { try ONNXExporter.serialize(network) }
        network = sample(scaling: false)
        network.layers.remove(at: 1)
        #expect(throws: ONNXError.invalidDescription(reason: "layer 1 takes 5 inputs but receives 6")) {
            try ONNXExporter.serialize(network)
        }
    }

    // MARK: other writers' forms of the same network

    /// The exported model of `sample`, edited, then read back.
    private func reimport(_ edit: (inout GraphProto) throws -> Void) throws -> ONNXNetworkDescription {
        var model = try ONNXExporter.model(for: sample(scaling: false))
        var graph = try #require(model.graph)
        try edit(&graph)
        model.graph = graph
        return try ONNXImporter.parse(bytes: model.serialized, file: "other.onnx")
    }

    @Test func acceptsUntransposedWeightsAlphaBetaFloatDataAndIdentity() throws {
        let original = sample(scaling: false)
        let read = try reimport { graph in
            // Layer 0 as transB = 0 (B stored [fanIn, units]) with alpha = 2 on halved weights.
            let l0 = original.layers[0]
            var b = [Float](repeating: 0, count: l0.weights.count)
            for u in 0..<l0.units { for k in 0..<l0.fanIn { b[k * l0.units + u] = l0.weights[u * l0.fanIn + k] / 2 } }
            graph.initializer[0] = TensorProto(
                name: "layer0.weight", dims: [Int64(l0.fanIn), Int64(l0.units)], floats: b)
            graph.node[0].attribute = [AttributeProto(name: "alpha", float: 2), AttributeProto(name: "transB", int: 0)]
            // Layer 1's bias as float_data of shape [1, units], scaled by beta = 0.5.
            var c = TensorProto()
            c.name = "layer1.bias"
            c.dataType = TensorProto.floatType
            c.dims = [1, 5]
            c.floatData = original.layers[1].bias.map { $0 * 2 }
            graph.initializer[3] = c
            graph.node[2].attribute.append(AttributeProto(name: "beta", float: 0.5))
            // An Identity between the last Gemm and the Sigmoid.
            graph.node[4].output = ["pre"]
            graph.node.insert(
                NodeProto(name: "id", opType: "Identity", input: ["pre"], output: ["layer2.linear"]), at: 5)
        }
        #expect(read == original)
    }

    @Test func aGemmWithoutBiasHasZeroBias() throws {
        let read = try reimport { graph in graph.node[0].input.removeLast() }
        #expect(read.layers[0].bias == [Float](repeating: 0, count: 6))
    }

    @Test func leakyReluDefaultsToAlphaOneHundredth() throws {
        let read = try reimport { graph in graph.node[1].opType = "LeakyRelu" }
        #expect(read.layers[0].activation == .leakyRelu(alpha: 0.01))
    }

    @Test func refusesOperatorsOutsideTheSubsetNamingThem() throws {
        #expect(throws: ONNXError.unsupportedOperator(file: "other.onnx", node: 3, opType: "Conv")) {
            try reimport { graph in graph.node[3].opType = "Conv" }
        }
        #expect(throws: ONNXError.unsupportedOperator(file: "other.onnx", node: 1, opType: "com.microsoft.FusedGemm")) {
            try reimport { graph in
                graph.node[1].domain = "com.microsoft"; graph.node[1].opType = "FusedGemm"
            }
        }
        let error = ONNXError.unsupportedOperator(file: "model.onnx", node: 3, opType: "Conv")
        #expect(error.description.hasPrefix("model.onnx: unsupported ONNX operator 'Conv' in node 3"))
    }

    @Test func refusesGraphsThatAreNotTheChain() {
        let cases: [(String, (inout GraphProto) -> Void)] = [
            ("transA", { $0.node[0].attribute.append(AttributeProto(name: "transA", int: 1)) }),
            ("unknown attribute", { $0.node[1].attribute.append(AttributeProto(name: "axis", int: 1)) }),
            (
                "second activation",
                {
                    $0.node.insert(
                        NodeProto(name: "t", opType: "Tanh", input: ["layer0.output"], output: ["again"]), at: 2);
                    $0.node[3].input[0] = "again"
                }
            ),
            ("branch", { $0.node[2].input[0] = "layer0.linear" }),
            ("weights not constant", { $0.node[0].input[1] = "nowhere" }),
            ("double weights", { $0.initializer[0].dataType = 11 }),
            ("external data", { $0.initializer[0].dataLocation = TensorProto.externalLocation }),
            ("short raw data", { $0.initializer[0].rawData?.removeLast(4) }),
            ("bias shape", { $0.initializer[1].dims = [2, 3] }),
            (
                "second input",
                {
                    $0.input.append($0.input[0]); $0.input[1].name = "extra"
                }
            ),
            ("wrong width", { $0.input[0].type?.tensorType?.shape?.dims[1] = .init(value: 9) }),
            ("int input", { $0.input[0].type?.tensorType?.elemType = 7 }),
            ("dangling output", { $0.output[0].name = "elsewhere" }),
            ("no nodes", { $0.node = [] }),
            (
                "activation first",
                {
                    $0.node.insert(NodeProto(name: "r", opType: "Relu", input: ["inputs"], output: ["r"]), at: 0);
                    $0.node[1].input[0] = "r"
                }
            ),
            ("duplicate initializer", { $0.initializer.append($0.initializer[0]) }),
            ("absurd dimension", { $0.initializer[0].dims = [1 << 40, 1 << 40] })
        ]
        for (name, edit) in cases {
            #expect(throws: ONNXError.self, "\(name)") { try reimport(edit) }
            do {
                _ = try reimport(edit)
            } catch let error as ONNXError {
                switch error {
                case let .unsupportedGraph(file, _), let .shapeMismatch(file, _, _, _):
                    #expect(file == "other.onnx")
                default:
                    Issue.record("\(name): expected unsupportedGraph or shapeMismatch, got \(error)")
                }
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func refusesModelsWithoutGraphOrDefaultOpset() throws {
        var model = try ONNXExporter.model(for: sample(scaling: false))
        model.opsetImport = [OperatorSetIdProto(domain: "ai.onnx.ml", version: 3)]
        #expect(
            throws: ONNXError.unsupportedGraph(
                file: "f", reason: "the model imports no opset of the default ONNX domain")
        ) {
            try ONNXImporter.parse(bytes: model.serialized, file: "f")
        }
        model.graph = nil
        #expect(throws: ONNXError.unsupportedGraph(file: "f", reason: "the model has no graph")) {
            try ONNXImporter.parse(bytes: model.serialized, file: "f")
        }
        #expect(throws: ONNXError.unsupportedGraph(file: "empty.onnx", reason: "the model has no graph")) {
            try ONNXImporter.parse(bytes: [], file: "empty.onnx")
        }
    }

    @Test func readsFilesAndNamesTheMissingOne() throws {
        let network = sample(scaling: true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onnxformat-read-\(getpid()).onnx")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(ONNXExporter.serialize(network)).write(to: URL(fileURLWithPath: path))
        #expect(try ONNXImporter.read(path: path) == (try network.foldingInputScaling()))
        #expect(throws: ONNXError.unreadableFile(file: path + ".missing", reason: "no such file or not accessible")) {
            try ONNXImporter.read(path: path + ".missing")
        }
    }
}
