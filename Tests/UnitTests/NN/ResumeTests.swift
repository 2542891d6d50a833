import Foundation
@testable import ParamRunNN
@testable import ParamRunSupport
import Testing

/// Determinism, checkpoints, resumption (in process and after SIGKILL) and early stopping.
@Suite struct ResumeTests {
    private let architecture = Architecture(inputCount: 2, hidden: [16, 8], activation: .tanh)

    private func config(epochs: Int, seed: UInt64 = 5) -> TrainingConfig {
        TrainingConfig(
            initialization: .glorotUniform, optimizer: .adam(learningRate: 0.01), weightDecay: 1e-4,
            schedule: .exponential(factor: 0.89), batchSize: 25, epochs: epochs, validationFraction: 0.2,
            seed: seed, threads: 1)
    }

    private func bits(_ network: Network) -> [UInt32] { network.parameters.map(\.bitPattern) }

    @Test("the same seed gives bit-identical weights; another seed does not")
    func determinism() throws {
        let data = NNTestSupport.halfMoons(rows: 400, noise: 0.2, seed: 1)
        let a = try Trainer(architecture: architecture, config: config(epochs: 3)).train(data)
        let b = try Trainer(architecture: architecture, config: config(epochs: 3)).train(data)
        let c = try Trainer(architecture: architecture, config: config(epochs: 3, seed: 6)).train(data)
        #expect(bits(a.network) == bits(b.network))
        #expect(a.reports.map(\.trainLoss) == b.reports.map(\.trainLoss))
        #expect(bits(a.network) != bits(c.network))
    }

    @Test("resuming from epoch 2's checkpoint ends with the weights of 4 uninterrupted epochs")
    func resumeInProcess() throws {
        let data = NNTestSupport.halfMoons(rows: 400, noise: 0.2, seed: 1)
        let straight = try Trainer(architecture: architecture, config: config(epochs: 4)).train(data)
        let directory = try NNTestSupport.temporaryDirectory("resume")
        var seen: [Int] = []
        let first = try Trainer(architecture: architecture, config: config(epochs: 2))
            .train(data, checkpointDirectory: directory) { seen.append($0.epoch) }
        #expect(seen == [1, 2] && first.resumedAfterEpoch == nil)
        let checkpoint = try Checkpoint.read(from: Checkpoint.url(in: directory))
        #expect(checkpoint.epochsCompleted == 2)
        seen = []
        let resumed = try Trainer(architecture: architecture, config: config(epochs: 4))
            .train(data, checkpointDirectory: directory) { seen.append($0.epoch) }
        #expect(seen == [3, 4] && resumed.resumedAfterEpoch == 2)
        #expect(bits(resumed.network) == bits(straight.network))
        #expect(resumed.reports.map(\.trainLoss) == straight.reports.map(\.trainLoss))
        // Starting it again finds the training finished and changes nothing.
        let again = try Trainer(architecture: architecture, config: config(epochs: 4)).train(
            data, checkpointDirectory: directory)
        #expect(bits(again.network) == bits(straight.network) && again.reports.count == 4)
    }

    @Test("a checkpoint from another training, or a damaged one, is refused")
    func foreignCheckpoint() throws {
        let data = NNTestSupport.halfMoons(rows: 200, noise: 0.2, seed: 1)
        let directory = try NNTestSupport.temporaryDirectory("foreign")
        _ = try Trainer(architecture: architecture, config: config(epochs: 1)).train(
            data, checkpointDirectory: directory)
        #expect {
            _ = try Trainer(architecture: architecture, config: config(epochs: 2, seed: 99)).train(
                data, checkpointDirectory: directory)
        } throws: { error in
            if case .checkpointMismatch? = error as? NNError { return true }
            return false
        }
        let url = Checkpoint.url(in: directory)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 100).write(to: url)
        #expect {
            _ = try Trainer(architecture: architecture, config: config(epochs: 2)).train(
                data, checkpointDirectory: directory)
        } throws: { error in
            if case .corruptFile? = error as? NNError { return true }
            return false
        }
    }

    /// With 4 shards, and with one (the rows shared among the threads).
    @Test(
        "a training killed with SIGKILL after epoch 2 resumes, at another thread count, to the weights of an uninterrupted one",
        arguments: [4, 1])
    func resumeAfterSIGKILL(shards: Int) throws {
        let bench = try NNTestSupport.benchExecutable()
        let directory = try NNTestSupport.temporaryDirectory("sigkill-\(shards)")
        let straightModel = directory.appendingPathComponent("straight.prmodel").path
        let resumedModel = directory.appendingPathComponent("resumed.prmodel").path
        let checkpoints = directory.appendingPathComponent("checkpoints")

        let straight = try NNTestSupport.run(
            bench,
            [
                "nn", "train-probe", "--checkpoint", directory.appendingPathComponent("straight").path,
                "--out", straightModel, "--epochs", "4", "--threads", "1", "--shards", "\(shards)"
            ])
        #expect(straight.status == 0, "\(straight.output)")

        // The probe sleeps after each checkpoint, so the kill lands between epochs 2 and 3.
        let process = Process()
        process.executableURL = bench
        process.arguments = [
            "nn", "train-probe", "--checkpoint", checkpoints.path, "--out", resumedModel, "--epochs", "4",
            "--epoch-delay-ms", "3000", "--threads", "2", "--shards", "\(shards)"
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let checkpointURL = Checkpoint.url(in: checkpoints)
        let deadline = Date().addingTimeInterval(60)
        var killedAfter: Int?
        while Date() < deadline, process.isRunning {
            if let checkpoint = try? Checkpoint.read(from: checkpointURL), checkpoint.epochsCompleted >= 2 {
                kill(process.processIdentifier, SIGKILL)
                killedAfter = checkpoint.epochsCompleted
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        #expect(killedAfter == 2)
        #expect(!FileManager.default.fileExists(atPath: resumedModel))

        let resumed = try NNTestSupport.run(
            bench,
            [
                "nn", "train-probe", "--checkpoint", checkpoints.path, "--out", resumedModel,
                "--epochs", "4", "--threads", "3", "--shards", "\(shards)"
            ])
        #expect(resumed.status == 0)
        #expect(resumed.output.contains("resumed after epoch 2"), "\(resumed.output)")
        #expect(!resumed.output.contains("epoch 1/4") && resumed.output.contains("epoch 3/4"))
        let a = try ModelFile.read(from: URL(fileURLWithPath: straightModel))
        let b = try ModelFile.read(from: URL(fileURLWithPath: resumedModel))
        #expect(bits(a) == bits(b))
    }

    @Test("early stopping ends after `patience` epochs without improvement and restores the best weights")
    func earlyStopping() throws {
        // Labels independent of the features: validation loss cannot keep improving.
        var generator = SeededGenerator(seed: 4)
        let rows = 400
        let features = try Matrix(
            rows: rows, columns: 2, values: (0..<(2 * rows)).map { _ in Float(generator.nextNormal()) })
        let labels = (0..<rows).map { _ in Float(generator.nextIndex(below: 2)) }
        var config = config(epochs: 40)
        config.optimizer = .adam(learningRate: 0.05)
        config.validationFraction = 0.5
        config.earlyStopping = EarlyStopping(patience: 3, minDelta: 1e-4)
        let result = try Trainer(architecture: architecture, config: config).train(
            LabeledExamples(features: features, labels: labels))
        #expect(result.stoppedEarly)
        let best = try #require(result.bestEpoch)
        #expect(result.reports.count == best + 3)
        let losses = result.reports.compactMap(\.validationLoss)
        #expect(losses[best - 1] == losses.min())
    }

    @Test("minibatches of 1 (the paper's 1D example) and 10⁴ both train")
    func batchSizeExtremes() throws {
        func oneD(_ examples: LabeledExamples) throws -> Matrix {
            try Matrix(
                rows: examples.features.rows, columns: 1,
                values: (0..<examples.features.rows).map { examples.features[$0, 0] })
        }
        let toy = NNTestSupport.toy(thetas: [0], perClassPerTheta: 1_000, seed: 3)
        let small = try Trainer(
            architecture: Architecture(inputCount: 1, hidden: [16], activation: .tanh),
            config: TrainingConfig(
                optimizer: .adam(learningRate: 0.01), batchSize: 1, epochs: 5,
                seed: 1, threads: 1)
        )
        .train(LabeledExamples(features: try oneD(toy), labels: toy.labels))
        let test = NNTestSupport.toy(thetas: [0], perClassPerTheta: 2_000, seed: 4)
        let auc = NNTestSupport.auc(scores: try small.network.predict(try oneD(test)), labels: test.labels)
        #expect(auc > 0.85, "AUC \(auc)")
        let big = NNTestSupport.halfMoons(rows: 12_000, noise: 0.1, seed: 2)
        let large = try Trainer(
            architecture: Architecture(inputCount: 2, hidden: [8], activation: .relu),
            config: TrainingConfig(
                optimizer: .adam(learningRate: 0.05), batchSize: 10_000, epochs: 3,
                seed: 1, threads: 1)
        ).train(big)
        #expect(large.reports.count == 3 && large.reports.last!.trainLoss < large.reports.first!.trainLoss)
    }
}
