import Foundation
@testable import ParamRunNN
import Testing

/// Model files round-trip bit for bit and reject damage with clear errors.
@Suite struct ModelFileTests {
    private func trainedNetwork() throws -> Network {
        let examples = NNTestSupport.halfMoons(rows: 300, noise: 0.1, seed: 8)
        let scaler = InputScaler.standardizing(examples.features)
        let config = TrainingConfig(
            initialization: .glorotUniform, optimizer: .adam(learningRate: 0.01), batchSize: 30,
            epochs: 3, seed: 2, threads: 1)
        var network = try Trainer(
            architecture: Architecture(inputCount: 2, hidden: [12, 7], activation: .relu), config: config
        )
        .train(examples, scaler: scaler).network
        network.featureNames = ["x", "theta"]
        network.thetaColumn = 1
        network.metadata = ["spec": "toy"]
        return network
    }

    private func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test("written and read back, a network predicts bit for bit the same")
    func roundTrip() throws {
        let network = try trainedNetwork()
        let directory = try NNTestSupport.temporaryDirectory("model")
        let url = directory.appendingPathComponent("net.prmodel")
        try ModelFile.write(network, to: url)
        let loaded = try ModelFile.read(from: url)
        #expect(loaded == network)
        #expect(loaded.featureNames == ["x", "theta"] && loaded.thetaColumn == 1 && loaded.scaler == network.scaler)
        let probe = NNTestSupport.halfMoons(rows: 500, noise: 0.3, seed: 9).features
        #expect(bits(try loaded.predict(probe)) == bits(try network.predict(probe)))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["net.prmodel"])
    }

    @Test("batched prediction agrees with one batch, whatever the batch size")
    func batching() throws {
        let network = try trainedNetwork()
        let probe = NNTestSupport.halfMoons(rows: 1_003, noise: 0.3, seed: 9).features
        let whole = try network.predict(probe, batchSize: 10_000)
        for batchSize in [1, 7, 256] {
            let batched = try network.predict(probe, batchSize: batchSize)
            #expect(zip(whole, batched).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
        #expect(throws: NNError.self) { try network.predict(Matrix(rows: 2, columns: 3)) }
    }

    @Test("a damaged, truncated, foreign or newer file is rejected with its path and reason")
    func damagedFiles() throws {
        let network = try trainedNetwork()
        let directory = try NNTestSupport.temporaryDirectory("damaged")
        let url = directory.appendingPathComponent("net.prmodel")
        try ModelFile.write(network, to: url)
        let good = try Data(contentsOf: url)

        func read(_ data: Data) throws -> Network {
            let damaged = directory.appendingPathComponent("damaged.prmodel")
            try data.write(to: damaged)
            return try ModelFile.read(from: damaged)
        }
        func expectCorrupt(_ data: Data, _ comment: Comment) {
            #expect(comment) {
                _ = try read(data)
            } throws: { error in
                guard case let .corruptFile(path, _)? = error as? NNError else { return false }
                return path.hasSuffix("damaged.prmodel")
            }
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        expectCorrupt(flipped, "one flipped bit")
        expectCorrupt(good.prefix(good.count - 9), "truncated")
        expectCorrupt(good.prefix(10), "cut inside the header")
        expectCorrupt(Data("not a model at all, just text".utf8), "foreign file")
        var newer = good
        newer[8] = 2
        #expect(
            throws: NNError.unsupportedVersion(
                path: directory.appendingPathComponent("damaged.prmodel").path, expected: 1, found: 2)
        ) {
            _ = try read(newer)
        }
        #expect {
            _ = try ModelFile.read(from: directory.appendingPathComponent("missing.prmodel"))
        } throws: { error in
            if case .io? = error as? NNError { return true }
            return false
        }
    }

    @Test("the bytes follow the documented layout")
    func documentedLayout() throws {
        let network = try trainedNetwork()
        let bytes = [UInt8](try ModelFile.encode(network))
        func uint32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3])
                << 24
        }
        #expect(String(decoding: bytes[0..<8], as: UTF8.self) == "PRUNMODL")
        #expect(uint32(8) == 1)
        let headerLength = uint32(12)
        let header = try JSONSerialization.jsonObject(with: Data(bytes[16..<(16 + headerLength)])) as? [String: Any]
        #expect(header?["thetaColumn"] as? Int == 1)
        #expect(header?["featureNames"] as? [String] == ["x", "theta"])
        #expect(uint32(16 + headerLength) == 3)
        // Array 0: the parameters, as a UInt64 count then raw Float32 bits; layer 1's first weight comes first.
        let first = 16 + headerLength + 4
        #expect(uint32(first) == network.parameters.count && uint32(first + 4) == 0)
        #expect(UInt32(uint32(first + 8)) == network.parameters[0].bitPattern)
        #expect(bytes.count == first + 8 + 4 * network.parameters.count + 2 * (8 + 4 * 2) + 4)
    }
}
