import Foundation
import Testing

@testable import ONNXFormat

/// The importer checks every tensor against the others it must agree with, a symbolic input
/// width included, and refuses NaN or infinite weights, biases and attributes, naming the file,
/// node and tensor.
@Suite struct ShapeAndValueTests {
    /// An affine network: 2 inputs → 3 tanh units, scaled and shifted by maps of the input → 1 output.
    static func affine() -> ONNXNetworkDescription {
        var hidden = ONNXLayer(
            fanIn: 2, units: 3, weights: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6], bias: [0.1, 0.2, 0.3], activation: .tanh)
        hidden.modulation = ONNXModulation(
            scaleWeights: [0, 1, 0, 0.5, 0, -1], scaleBias: [1, 1, 1],
            shiftWeights: [0, 0.2, 0, 0.1, 0, 0.3], shiftBias: [0, 0, 0])
        let output = ONNXLayer(fanIn: 3, units: 1, weights: [1, -1, 0.5], bias: [0], activation: .sigmoid)
        return ONNXNetworkDescription(inputCount: 2, layers: [hidden, output])
    }

    /// The exported model of `network`, edited, then read back as `file`.
    func reimport(
        _ network: ONNXNetworkDescription = affine(), _ edit: (inout GraphProto) throws -> Void
    ) throws -> ONNXNetworkDescription {
        var model = try ONNXExporter.model(for: network)
        var graph = try #require(model.graph)
        try edit(&graph)
        model.graph = graph
        return try ONNXImporter.parse(bytes: model.serialized, file: "edited.onnx")
    }

    func initializer(_ name: String, in graph: GraphProto) throws -> Int {
        try #require(graph.initializer.firstIndex { $0.name == name })
    }

    func node(_ name: String, in graph: GraphProto) throws -> Int {
        try #require(graph.node.firstIndex { $0.name == name })
    }

    /// The input width made symbolic and the scale map given `columns` input columns.
    func symbolicWidthWithScaleMap(columns: Int) throws -> ONNXNetworkDescription {
        try reimport { graph in
            graph.input[0].type?.tensorType?.shape?.dims[1] = .init(param: "d")
            let i = try initializer("layer0.scale.weight", in: graph)
            graph.initializer[i] = TensorProto(
                name: "layer0.scale.weight", dims: [3, Int64(columns)],
                floats: (0..<(3 * columns)).map { Float($0) / 10 })
        }
    }

    @Test func theExportedAffineNetworkReadsBackWithASymbolicWidth() throws {
        let read = try reimport { graph in graph.input[0].type?.tensorType?.shape?.dims[1] = .init(param: "d") }
        #expect(read == Self.affine())
    }

    @Test func aNarrowerScaleMapBehindASymbolicWidthIsRefusedNamingNodeAndTensor() throws {
        let scaleNode = try node("layer0.scale.gemm", in: ONNXExporter.model(for: Self.affine()).graph!)
        #expect(
            throws: ONNXError.shapeMismatch(
                file: "edited.onnx", node: scaleNode, tensor: "layer0.scale.weight",
                reason: "the Gemm's weight takes 1 inputs but the node receives 2")
        ) { try symbolicWidthWithScaleMap(columns: 1) }
    }

    @Test func aWiderScaleMapBehindASymbolicWidthIsRefusedToo() throws {
        #expect {
            try symbolicWidthWithScaleMap(columns: 3)
        } throws: { error in
            guard case let .shapeMismatch(file, _, tensor, _) = error as? ONNXError else { return false }
            return file == "edited.onnx" && tensor == "layer0.scale.weight"
        }
    }

    @Test func aMapOfAnotherWidthThanItsLayerIsRefused() throws {
        #expect {
            try reimport { graph in
                let i = try initializer("layer0.shift.weight", in: graph)
                let b = try initializer("layer0.shift.bias", in: graph)
                graph.initializer[i] = TensorProto(name: "layer0.shift.weight", dims: [2, 2], floats: [1, 2, 3, 4])
                graph.initializer[b] = TensorProto(name: "layer0.shift.bias", dims: [2], floats: [0, 0])
            }
        } throws: { error in
            guard case let .shapeMismatch(_, _, tensor, reason) = error as? ONNXError else { return false }
            return tensor == "layer0.shift" && reason.contains("gives 2 values")
        }
    }

    @Test func nonFiniteWeightsBiasesAndAttributesAreRefusedNamingTheTensor() throws {
        let cases: [(String, (inout GraphProto) throws -> Void)] = [
            (
                "layer0.weight",
                { graph in
                    graph.initializer[0] = TensorProto(
                        name: "layer0.weight", dims: [3, 2], floats: [0.1, .nan, 0.3, 0.4, -0.5, 0.6])
                }
            ),
            (
                "layer0.bias",
                { graph in graph.initializer[1] = TensorProto(name: "layer0.bias", dims: [3], floats: [0, .infinity, 0])
                }
            ),
            (
                "attribute alpha",
                { graph in graph.node[0].attribute.append(AttributeProto(name: "alpha", float: .nan)) }
            ),
            (
                "attribute beta",
                { graph in graph.node[0].attribute.append(AttributeProto(name: "beta", float: -.infinity)) }
            ),
            // Finite alone, infinite once folded: 10 × 1e38 is past Float's range.
            (
                "layer0.weight × alpha",
                { graph in
                    graph.initializer[0] = TensorProto(name: "layer0.weight", dims: [3, 2], floats: [10, 0, 0, 0, 0, 0])
                    graph.node[0].attribute.append(AttributeProto(name: "alpha", float: 1e38))
                }
            )
        ]
        for (tensor, edit) in cases {
            #expect {
                try reimport(Self.affine(), edit)
            } throws: { error in
                guard case let .nonFiniteValue(file, node, named, _, value) = error as? ONNXError else { return false }
                return file == "edited.onnx" && node == 0 && named == tensor && !value.isFinite
            }
        }
    }

    @Test func aLeakyReluWithANaNAlphaIsRefused() throws {
        let leaky = try reimport { graph in graph.node[1].opType = "LeakyRelu" }
        #expect(leaky.layers[0].activation == .leakyRelu(alpha: 0.01))
        #expect {
            try reimport { graph in
                graph.node[1].opType = "LeakyRelu"
                graph.node[1].attribute = [AttributeProto(name: "alpha", float: .nan)]
            }
        } throws: { error in
            guard case let .nonFiniteValue(_, node, tensor, _, _) = error as? ONNXError else { return false }
            return node == 1 && tensor == "attribute alpha"
        }
    }

    @Test func validateRefusesNonFiniteValuesAndEveryMismatchedMap() {
        var nan = Self.affine()
        nan.layers[1].bias = [.nan]
        #expect(throws: ONNXError.self) { try nan.validate() }
        #expect(throws: ONNXError.self) { try nan.evaluate(rows: [[0, 0]]) }
        var narrow = Self.affine()
        narrow.layers[0].modulation?.scaleWeights = [1, 2, 3]
        #expect(throws: ONNXError.self) { try narrow.validate() }
        var scaled = Self.affine()
        scaled.inputScaling = ONNXInputScaling(offsets: [0, .infinity], scales: [1, 1])
        #expect(throws: ONNXError.self) { try scaled.validate() }
        #expect(throws: Never.self) { try Self.affine().validate() }
    }
}
