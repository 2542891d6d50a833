import Foundation
import ONNXFormat
@testable import ParamRunNN
@testable import ParamRunSupport
import Testing

/// A paramrun Network turned into ONNXFormat's description and back.
@Suite struct NetworkONNXTests {
    /// A seeded network: inputs → hidden → 1 logistic output, θ last when parameterized.
    static func network(
        inputs: Int, hidden: [Int], activation: Activation, scaled: Bool, parameterized: Bool, seed: UInt64
    ) throws -> Network {
        var generator = SeededGenerator(seed: seed)
        let architecture = Architecture(inputCount: inputs, hidden: hidden, activation: activation)
        let parameters = (0..<architecture.parameterCount).map { _ in Float(0.4 * generator.nextNormal()) }
        var scaler: InputScaler?
        if scaled {
            let offsets = (0..<inputs).map { k in
                Float(k == inputs - 1 && parameterized ? 1000 : generator.nextNormal())
            }
            let scales = (0..<inputs).map { k in
                Float(k == inputs - 1 && parameterized ? 1.0 / 250 : 0.5 + generator.nextUniform())
            }
            scaler = try InputScaler(offsets: offsets, scales: scales)
        }
        let names = (0..<inputs).map { parameterized && $0 == inputs - 1 ? "theta" : "f\($0)" }
        return try Network(
            architecture: architecture, parameters: parameters, scaler: scaler, featureNames: names,
            thetaColumn: parameterized ? inputs - 1 : nil)
    }

    @Test func transposesWeightsFromInputMajorToUnitMajor() throws {
        // 3 inputs → 2 tanh units → 1 sigmoid output; parameter i holds the value i.
        let architecture = Architecture(inputCount: 3, hidden: [2], activation: .tanh)
        let network = try Network(
            architecture: architecture, parameters: (0..<architecture.parameterCount).map(Float.init),
            featureNames: ["a", "b", "theta"], thetaColumn: 2)
        let d = try network.onnxDescription()
        #expect(d.inputCount == 3)
        #expect(d.layers.map(\.activation) == [.tanh, .sigmoid])
        // paramrun: W[in][unit] at in·2 + unit = [0 1; 2 3; 4 5], biases 6 7; ONNX wants row u = unit u.
        #expect(d.layers[0].weights == [0, 2, 4, 1, 3, 5])
        #expect(d.layers[0].bias == [6, 7])
        #expect(d.layers[1].weights == [8, 9])
        #expect(d.layers[1].bias == [10])
        #expect(d.inputScaling == nil)
        #expect(d.metadata[ONNXMetadataKey.features] == #"["a","b"]"#)
        #expect(d.metadata[ONNXMetadataKey.parameters] == #"["theta"]"#)
        #expect(d.metadata[ONNXMetadataKey.inputOrder] == #"["a","b","theta"]"#)
        #expect(d.producerVersion == ParamRun.version)
    }

    @Test func keepsTheScalerForTheExporterToFold() throws {
        let network = try Self.network(
            inputs: 4, hidden: [5], activation: .relu, scaled: true, parameterized: true, seed: 1)
        let d = try network.onnxDescription(metadata: ["extra": "kept"])
        #expect(d.inputScaling?.offsets == network.scaler?.offsets)
        #expect(d.inputScaling?.scales == network.scaler?.scales)
        #expect(d.metadata["extra"] == "kept")
    }

    @Test func everyActivationHasAnONNXOperator() {
        for activation in Activation.allCases { #expect(activation.onnxActivation != nil, "\(activation)") }
        #expect(Activation.linear.onnxActivation == .identity)
    }

    @Test func aNetworkTooLargeForAFileIsRefusedWithItsSize() throws {
        #expect(Architecture(inputCount: 28, hidden: [500, 500, 500, 500, 500]).onnxExportProblem == nil)
        let problem = try #require(Architecture(inputCount: 27, hidden: [20000, 20000]).onnxExportProblem)
        #expect(problem.contains("400600001 weights and biases"))
        // Widths whose product overflows Int give a message, not a trap.
        #expect(Architecture(inputCount: 1, hidden: [1 << 40, 1 << 40]).onnxExportProblem != nil)
    }

    /// Without a scaler nothing is folded, so the file holds paramrun's own Float weights and the
    /// network read back predicts bit-identically.
    @Test(arguments: [Activation.relu, .tanh, .sigmoid, .linear])
    func roundTripsExactlyWithoutScaling(activation: Activation) throws {
        let network = try Self.network(
            inputs: 6, hidden: [16, 8], activation: activation, scaled: false, parameterized: true, seed: 7)
        let path = "unscaled.onnx"
        let back = try Network(
            onnx: try ONNXImporter.parse(bytes: try ONNXExporter.serialize(try network.onnxDescription()), file: path),
            file: path)
        #expect(back.architecture == network.architecture)
        #expect(back.parameters == network.parameters)
        #expect(back.featureNames == network.featureNames)
        #expect(back.thetaColumn == 5)
        let rows = try Self.rows(count: 500, columns: 6, seed: 8)
        #expect(try back.predict(rows) == network.predict(rows))
    }

    /// With a scaler the first layer's weights are folded and rounded to Float once, so scores
    /// agree to float rounding, not bit for bit.
    @Test(arguments: [(Activation.relu, true), (.tanh, true), (.relu, false), (.tanh, false)])
    func roundTripsToFloatRoundingWithScaling(activation: Activation, parameterized: Bool) throws {
        let inputs = parameterized ? 6 : 5
        let network = try Self.network(
            inputs: inputs, hidden: [32, 32], activation: activation, scaled: true,
            parameterized: parameterized, seed: 11)
        let path = "scaled.onnx"
        let back = try Network(
            onnx: try ONNXImporter.parse(bytes: try ONNXExporter.serialize(try network.onnxDescription()), file: path),
            file: path)
        #expect(back.scaler == nil)
        #expect(back.thetaColumn == (parameterized ? inputs - 1 : nil))
        var rows = try Self.rows(count: 2000, columns: inputs, seed: 12)
        if parameterized {
            for r in 0..<rows.rows { rows.values[r * inputs + inputs - 1] = Float(500 + 250 * (r % 5)) }
        }
        let worst =
            zip(try back.predict(rows), try network.predict(rows)).map { abs(Double($0) - Double($1)) }.max() ?? 0
        #expect(worst <= 1e-6, "largest difference \(worst)")
    }

    @Test func refusesAFileThatDoesNotNameItsInputs() throws {
        var d = try Self.network(
            inputs: 3, hidden: [4], activation: .relu, scaled: false, parameterized: false, seed: 2
        ).onnxDescription()
        d.metadata = [:]
        #expect {
            try Network(onnx: d, file: "foreign.onnx")
        } throws: { error in
            guard case let ONNXError.unsupportedGraph(file, reason) = error else { return false }
            return file == "foreign.onnx" && reason.contains("paramrun.input_order")
        }
    }

    @Test func refusesLeakyReluWhichParamrunDoesNotTrain() throws {
        var d = try Self.network(
            inputs: 3, hidden: [4], activation: .relu, scaled: false, parameterized: false, seed: 3
        ).onnxDescription()
        d.layers[0].activation = .leakyRelu(alpha: 0.01)
        #expect(
            throws: ONNXError.unsupportedGraph(
                file: "leaky.onnx", reason: "layer 1 uses LeakyRelu, which paramrun's networks do not have")
        ) {
            try Network(onnx: d, file: "leaky.onnx")
        }
    }

    static func rows(count: Int, columns: Int, seed: UInt64) throws -> Matrix {
        var generator = SeededGenerator(seed: seed)
        return try Matrix(
            rows: count, columns: columns,
            values: (0..<(count * columns)).map { _ in Float(2 * generator.nextNormal()) })
    }
}
