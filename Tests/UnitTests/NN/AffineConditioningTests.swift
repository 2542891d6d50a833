import Foundation
@testable import ONNXFormat
@testable import ParamRunNN
@testable import ParamRunSupport
import Testing

/// Affine (FiLM) conditioning on θ: its identity start, determinism, resume, files and prediction.
/// Its gradients are checked in Double in ``GradientCheckTests``.
@Suite struct AffineConditioningTests {
    private let affine = Architecture(
        inputCount: 2, hidden: [16, 8], activation: .relu, conditioning: .affine(thetaCount: 1))

    private func config(epochs: Int, seed: UInt64 = 5, threads: Int = 1) -> TrainingConfig {
        TrainingConfig(
            initialization: .glorotUniform, optimizer: .sgd(learningRate: 0.05, momentum: 0.5),
            schedule: .exponential(factor: 0.89), batchSize: 25, epochs: epochs, validationFraction: 0.2,
            seed: seed, threads: threads)
    }

    private func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    /// A one-feature resonance: signal x ~ N(θ, 0.3²) at θ ∈ `thetas`, background x uniform on
    /// [−2, 2] with θ drawn from the same values; columns x, θ.
    private func resonance(rows: Int, thetas: [Double], seed: UInt64) -> LabeledExamples {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = [], labels: [Float] = []
        for r in 0..<rows {
            let theta = thetas[generator.nextIndex(below: thetas.count)]
            let signal = r % 2 == 0
            let x = signal ? theta + 0.3 * generator.nextNormal() : generator.nextUniform(in: -2, 2)
            values += [Float(x), Float(theta)]
            labels.append(signal ? 1 : 0)
        }
        return LabeledExamples(features: try! Matrix(rows: rows, columns: 2, values: values), labels: labels)
    }

    @Test("maps start at s(θ) = 1, b(θ) = 0: an untrained affine network scores as the concatenated one, bit for bit")
    func identityStart() throws {
        var concat = affine
        concat.conditioning = .concat
        var generator = SeededGenerator(seed: 11)
        let a = Perceptron<Float>(architecture: affine), c = Perceptron<Float>(architecture: concat)
        Initialization.heNormal.initialize(a.parameters, architecture: affine, generator: &generator)
        generator = SeededGenerator(seed: 11)
        Initialization.heNormal.initialize(c.parameters, architecture: concat, generator: &generator)
        // The dense layers lie where they lie in the concatenated network; the maps follow them.
        #expect(Array(a.parameters.prefix(concat.parameterCount)) == Array(c.parameters))
        #expect(
            Array(a.parameters.dropFirst(concat.parameterCount)) == [Float](repeating: 0, count: 16)
                + [Float](repeating: 1, count: 16)
                + [Float](repeating: 0, count: 32) + [Float](repeating: 0, count: 8) + [Float](repeating: 1, count: 8)
                + [Float](repeating: 0, count: 16))
        let probe = resonance(rows: 300, thetas: [-1, 0, 1], seed: 3).features
        let networkA = try Network(architecture: affine, parameters: Array(a.parameters))
        let networkC = try Network(architecture: concat, parameters: Array(c.parameters))
        #expect(bits(try networkA.predict(probe)) == bits(try networkC.predict(probe)))
    }

    @Test("the same seed gives bit-identical weights, on one worker and on three")
    func determinism() throws {
        let data = resonance(rows: 600, thetas: [-1, 0, 1], seed: 1)
        for threads in [1, 3] {
            let a = try Trainer(architecture: affine, config: config(epochs: 3, threads: threads)).train(data)
            let b = try Trainer(architecture: affine, config: config(epochs: 3, threads: threads)).train(data)
            #expect(bits(a.network.parameters) == bits(b.network.parameters))
            // Training moved the maps off their identity start.
            let maps = a.network.parameters.dropFirst(Architecture(inputCount: 2, hidden: [16, 8]).parameterCount)
            #expect(maps.contains { $0 != 0 && $0 != 1 })
        }
    }

    @Test("resuming from epoch 2's checkpoint ends with the weights of 4 uninterrupted epochs")
    func resume() throws {
        let data = resonance(rows: 600, thetas: [-1, 0, 1], seed: 1)
        let straight = try Trainer(architecture: affine, config: config(epochs: 4)).train(data)
        let directory = try NNTestSupport.temporaryDirectory("affine-resume")
        _ = try Trainer(architecture: affine, config: config(epochs: 2)).train(data, checkpointDirectory: directory)
        let resumed = try Trainer(architecture: affine, config: config(epochs: 4)).train(
            data, checkpointDirectory: directory)
        #expect(resumed.resumedAfterEpoch == 2)
        #expect(bits(resumed.network.parameters) == bits(straight.network.parameters))
        // A concatenated training of the same shape does not resume from the affine checkpoint.
        var concat = affine
        concat.conditioning = .concat
        #expect(throws: NNError.self) {
            _ = try Trainer(architecture: concat, config: config(epochs: 4)).train(data, checkpointDirectory: directory)
        }
    }

    @Test("it learns a resonance whose position is θ, and interpolates to a θ it never saw")
    func learnsAndInterpolates() throws {
        let data = resonance(rows: 4_000, thetas: [-1, 0, 1], seed: 2)
        var settings = config(epochs: 20)
        settings.validationFraction = 0
        let network = try Trainer(architecture: affine, config: settings).train(
            data, scaler: .standardizing(data.features)
        ).network
        let unseen = resonance(rows: 2_000, thetas: [0.5], seed: 3)
        let auc = NNTestSupport.auc(scores: try network.predict(unseen.features), labels: unseen.labels)
        // The best possible here is about 0.9 (a 0.3-wide peak on a 4-wide flat background).
        #expect(auc > 0.85, "AUC \(auc) at the unseen θ = 0.5")
    }

    @Test("written and read back, an affine network keeps its conditioning and predicts bit for bit the same")
    func modelFile() throws {
        let data = resonance(rows: 600, thetas: [-1, 0, 1], seed: 1)
        var network = try Trainer(architecture: affine, config: config(epochs: 2)).train(
            data, scaler: .standardizing(data.features)
        ).network
        network.featureNames = ["x", "theta"]
        network.thetaColumn = 1
        let url = try NNTestSupport.temporaryDirectory("affine-model").appendingPathComponent("net.prmodel")
        try ModelFile.write(network, to: url)
        let loaded = try ModelFile.read(from: url)
        #expect(loaded == network && loaded.architecture.conditioning == .affine(thetaCount: 1))
        let probe = resonance(rows: 1_001, thetas: [-0.5, 0.7], seed: 4).features
        #expect(bits(try loaded.predict(probe)) == bits(try network.predict(probe)))
        // Batched and multi-worker prediction agree with one batch (sgemm's last bits follow the batch's shape).
        let shared = try loaded.predict(probe, batchSize: 97, threads: 3), whole = try network.predict(probe)
        #expect(zip(shared, whole).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    @Test("a concatenated architecture encodes as before the key existed; an affine one names its conditioning")
    func encoding() throws {
        let concat = String(
            decoding: try JSONCoding.encoder().encode(Architecture(inputCount: 2, hidden: [3])), as: UTF8.self)
        #expect(!concat.contains("conditioning"))
        let decoded = try JSONCoding.decoder().decode(Architecture.self, from: Data(concat.utf8))
        #expect(decoded.conditioning == .concat)
        let affineText = try JSONCoding.encoder().encode(affine)
        #expect(try JSONCoding.decoder().decode(Architecture.self, from: affineText) == affine)
    }

    @Test("θ columns must leave a feature, a hidden layer must exist, and θ must be among the conditioned columns")
    func validation() throws {
        for bad in [
            Architecture(inputCount: 2, hidden: [4], conditioning: .affine(thetaCount: 2)),
            Architecture(inputCount: 2, hidden: [4], conditioning: .affine(thetaCount: 0)),
            Architecture(
                inputCount: 2, layers: [LayerShape(units: 1, activation: .sigmoid)],
                conditioning: .affine(thetaCount: 1))
        ] {
            #expect(throws: NNError.self) { _ = try Trainer(architecture: bad, config: config(epochs: 1)) }
        }
        let parameters = [Float](repeating: 0.1, count: affine.parameterCount)
        #expect(throws: NNError.self) { _ = try Network(architecture: affine, parameters: parameters, thetaColumn: 0) }
        #expect(throws: Never.self) { _ = try Network(architecture: affine, parameters: parameters, thetaColumn: 1) }
    }

    @Test(
        "as ONNX (Mul and Add nodes), scaled or not, it scores as the network does and reads back as the same network")
    func onnxRoundTrip() throws {
        let architecture = Architecture(
            inputCount: 4, hidden: [6, 5], activation: .relu, conditioning: .affine(thetaCount: 1))
        var generator = SeededGenerator(seed: 21)
        let parameters = (0..<architecture.parameterCount).map { _ in Float(0.5 * generator.nextNormal()) }
        let scaler = try InputScaler(offsets: [0.3, -1, 2, 1000], scales: [1.5, 0.7, 1.1, 1.0 / 250])
        let probe = (0..<200).map { r in
            [
                Float(generator.nextNormal()), Float(generator.nextNormal()), Float(generator.nextNormal()),
                Float(500 + 5 * (r % 200))
            ]
        }
        for withScaler in [false, true] {
            let network = try Network(
                architecture: architecture, parameters: parameters, scaler: withScaler ? scaler : nil,
                featureNames: ["a", "b", "c", "mass"], thetaColumn: 3)
            #expect(architecture.onnxExportProblem == nil)
            let description = try network.onnxDescription()
            let bytes = try ONNXExporter.serialize(description)
            let model = try ModelProto(serialized: bytes)
            let ops = model.graph?.node.map(\.opType) ?? []
            #expect(
                ops.filter { $0 == "Mul" }.count == 2 && ops.filter { $0 == "Add" }.count == 2
                    && ops.filter { $0 == "Gemm" }.count == 7)
            let read = try ONNXImporter.parse(bytes: bytes, file: "affine.onnx")
            let back = try Network(onnx: read, file: "affine.onnx")
            #expect(back.architecture == architecture && back.thetaColumn == 3)
            let matrix = try Matrix(probe)
            let original = try network.predict(matrix), reread = try back.predict(matrix)
            let reference = try description.evaluate(rows: probe).map { Float($0[0]) }
            let fromFile = try read.evaluate(rows: probe).map { Float($0[0]) }
            for (a, b) in [(original, reread), (original, reference), (original, fromFile)] {
                let worst = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
                #expect(worst < 1e-5, "largest difference \(worst)")
            }
        }
    }
}
