import ArgumentParser
import Foundation
import ParamRunNN
import ParamRunSupport

/// Training and inference throughput of the paper's deep network (issue 3), plus two small
/// entry points the tests drive as a separate process.
///
///     paramrun-bench nn [bench] [--threads 1,2] [--shards S] [--seconds S] [--rows N] [--data FILE]
///                       [--conditioning concat|affine]
///     paramrun-bench nn shards [--shards 1,2,4] [--seconds S] [--rows N] [--repeats R]
///     paramrun-bench nn summary [--threads N] [--reexec-with CORE]
///     paramrun-bench nn train-probe --checkpoint DIR --out FILE [--epochs N] [--epoch-delay-ms MS]
///                                   [--threads 1,3,2] [--shards S] [--hidden 32,32] [--scores FILE]
struct NNBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn", abstract: "Training and inference throughput, and the probes the tests start.",
        subcommands: [Bench.self, Shards.self, Summary.self, TrainProbe.self], defaultSubcommand: Bench.self)

    // MARK: - Benchmark

    /// The paper's deep network: 28 inputs, five hidden layers of 500 relu units, one logistic output.
    static let deepArchitecture = Architecture(inputCount: 28, hidden: [500, 500, 500, 500, 500], activation: .relu)

    /// The deep network with every hidden layer also scaled and shifted by linear maps of θ, its last input.
    static let affineArchitecture = Architecture(
        inputCount: 28, hidden: [500, 500, 500, 500, 500], activation: .relu,
        conditioning: .affine(thetaCount: 1))

    static func bench(_ options: Bench) throws {
        let threadCounts = options.threads
        let conditioning = options.conditioning
        let architecture = conditioning == "affine" ? affineArchitecture : deepArchitecture
        let suffix = conditioning == "affine" ? "_affine" : ""
        let seconds = options.seconds
        let rows = options.rows
        let examples = syntheticHEPLike(rows: rows, seed: 7)
        if let path = options.data {
            // Raw little-endian Float32: rows × 28 features, then rows labels; the PyTorch side reads the same bytes.
            var data = Data()
            examples.features.values.withUnsafeBytes { data.append(contentsOf: $0) }
            examples.labels.withUnsafeBytes { data.append(contentsOf: $0) }
            try data.write(to: URL(fileURLWithPath: path))
        }
        print(
            "# \(BLASRuntime.summary); \(rows) synthetic rows, 28 → 5×500 relu → 1 "
                + "logistic\(suffix.isEmpty ? "" : ", affine in the last column"), SGD momentum 0.5, lr 0.1"
        )
        // The trainer and the predictor parallelise with workers that each run sgemm on one
        // thread; the bench owns this process, so it sets BLAS to one thread, as `paramrun stage` does.
        BLASRuntime.setThreads(1)
        for threads in threadCounts {
            for batch in [100, 1000] {
                let rate = try trainingRate(
                    examples, architecture: architecture, batchSize: batch, threads: threads,
                    shards: options.shards, seconds: seconds)
                print("RESULT train_mb\(batch)\(suffix) threads=\(threads) " + String(format: "%.0f", rate))
                fflush(nil)
            }
            let rate = try inferenceRate(examples, architecture: architecture, threads: threads, seconds: seconds)
            print("RESULT infer_b10000\(suffix) threads=\(threads) " + String(format: "%.0f", rate))
            fflush(nil)
        }
    }

    /// What cutting minibatches of 100 into shards costs at one thread: the training rate with
    /// each shard count (1 is the unsplit batch), alternating, best of the repeats.
    static func shardCost(_ options: Shards) throws {
        let counts = options.shards
        let seconds = options.seconds
        let examples = syntheticHEPLike(rows: options.rows, seed: 7)
        print("# \(BLASRuntime.summary); minibatch 100, one thread, training rate by shards")
        BLASRuntime.setThreads(1)
        var best: [Int: Double] = [:]
        for _ in 0..<options.repeats {
            for shards in counts {
                best[shards] = max(
                    best[shards] ?? 0,
                    try trainingRate(
                        examples, architecture: deepArchitecture, batchSize: 100, threads: 1, shards: shards,
                        seconds: seconds))
            }
        }
        for shards in counts {
            print(
                String(
                    format: "RESULT train_mb100 shards=%d %.0f %.3f", shards, best[shards]!,
                    best[shards]! / best[counts[0]]!))
        }
    }

    /// Examples per second over whole epochs after a warm-up epoch, timed by the trainer's epoch reports.
    /// The minibatch is cut into the default shards, or as many as the threads if more.
    private static func trainingRate(
        _ examples: LabeledExamples, architecture: Architecture, batchSize: Int, threads: Int,
        shards: Int? = nil,
        seconds: Double
    ) throws -> Double {
        func config(epochs: Int) -> TrainingConfig {
            TrainingConfig(
                optimizer: .sgd(learningRate: 0.1, momentum: 0.5), batchSize: batchSize, epochs: epochs,
                seed: 1, shards: shards ?? TrainingConfig.shards(forThreads: threads), threads: threads)
        }
        let warmup = try Trainer(architecture: architecture, config: config(epochs: 1)).train(examples)
        let epochSeconds = warmup.reports[0].elapsed
        let epochs = max(2, Int((seconds / epochSeconds).rounded(.up)) + 1)
        let result = try Trainer(architecture: architecture, config: config(epochs: epochs)).train(examples)
        let timed = result.reports.dropFirst()
        return Double(timed.count * examples.features.rows) / timed.reduce(0) { $0 + $1.elapsed }
    }

    private static func inferenceRate(
        _ examples: LabeledExamples, architecture: Architecture, threads: Int, seconds: Double
    ) throws -> Double {
        let trained = try Trainer(
            architecture: architecture,
            config: TrainingConfig(batchSize: 1000, epochs: 1, seed: 1, threads: threads)
        ).train(examples)
        let predictor = trained.network.makePredictor(batchSize: 10_000, threads: threads, shards: threads)
        _ = try predictor.predict(examples.features)
        var predicted = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        var checksum: Float = 0
        repeat {
            checksum += try predictor.predict(examples.features)[0]
            predicted += examples.features.rows
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        if !checksum.isFinite { print("# warning: non-finite predictions") }
        return Double(predicted) / elapsed
    }

    /// 28 Gaussian features; the label depends nonlinearly on a few of them, like a physics classifier's task.
    static func syntheticHEPLike(rows: Int, seed: UInt64) -> LabeledExamples {
        var generator = SeededGenerator(seed: seed)
        var values = [Float](repeating: 0, count: rows * 28)
        var labels = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            for c in 0..<28 { values[r * 28 + c] = Float(generator.nextNormal()) }
            let score =
                values[r * 28] * values[r * 28 + 1] + values[r * 28 + 2] - 0.5 * values[r * 28 + 3] * values[r * 28 + 3]
            labels[r] = score > -0.5 ? 1 : 0
        }
        return LabeledExamples(features: try! Matrix(rows: rows, columns: 28, values: values), labels: labels)
    }

    // MARK: - Resume probe

    /// Trains a small network with a checkpoint after every epoch, printing one line per epoch, so a
    /// test can kill it with SIGKILL after a chosen epoch and start it again to resume.
    ///
    /// `--threads 1,3,2` runs epoch e with the e-th count (cycling), changed through a live
    /// ``ThreadGrant`` as a scheduler would; each epoch line carries the validation loss and AUC
    /// bits. `--scores FILE` writes the final network's outputs on the examples (raw Float32), from
    /// a predictor with the first thread count.
    static func trainProbe(_ options: TrainProbe) throws {
        let checkpoint = options.checkpoint, out = options.out
        // The probe owns this process: sgemm on one thread, as `paramrun stage` runs it.
        BLASRuntime.setThreads(1)
        let epochs = options.epochs
        let delay = options.epochDelayMs
        let threads = options.threads
        let examples = halfMoons(rows: 2_000, seed: 11)
        let hidden = options.hidden
        let architecture = Architecture(inputCount: 2, hidden: hidden, activation: .tanh)
        let config = TrainingConfig(
            initialization: .glorotUniform,
            optimizer: .adam(learningRate: 0.01), weightDecay: 1e-4,
            schedule: .exponential(factor: 0.89), batchSize: 64, epochs: epochs,
            validationFraction: 0.2, seed: 5, shards: options.shards,
            threads: threads[0])
        let grant = ThreadGrant(threads[0])
        let trainer = try Trainer(architecture: architecture, config: config)
        for count in Set(threads).sorted() {
            print("row pieces at \(count) threads: \(trainer.rowSplitPieces(rows: config.batchSize, threads: count))")
        }
        let result =
            try trainer
            .train(examples, checkpointDirectory: URL(fileURLWithPath: checkpoint), grant: grant) { report in
                let bits = { (value: Double?) in value.map { String($0.bitPattern, radix: 16) } ?? "-" }
                print(
                    "epoch \(report.epoch)/\(report.totalEpochs) checkpointed val \(bits(report.validationLoss)) "
                        + "auc \(bits(report.validationAUC))"
                )
                fflush(nil)
                grant.set(threads[report.epoch % threads.count])
                if delay > 0 { usleep(useconds_t(delay * 1000)) }
            }
        if let resumed = result.resumedAfterEpoch { print("resumed after epoch \(resumed)") }
        try ModelFile.write(result.network, to: URL(fileURLWithPath: out))
        if let scores = options.scores {
            let values = try result.network.makePredictor(batchSize: 500, threads: threads[0], shards: 4).predict(
                examples.features)
            try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: scores)) }
        }
        print("done")
    }

    static func halfMoons(rows: Int, seed: UInt64) -> LabeledExamples {
        var generator = SeededGenerator(seed: seed)
        var values: [Float] = []
        var labels: [Float] = []
        for r in 0..<rows {
            let t = Double.pi * generator.nextUniform()
            let upper = r % 2 == 0
            let x = upper ? cos(t) : 1 - cos(t)
            let y = upper ? sin(t) : 0.5 - sin(t)
            values += [Float(x + 0.1 * generator.nextNormal()), Float(y + 0.1 * generator.nextNormal())]
            labels.append(upper ? 1 : 0)
        }
        return LabeledExamples(features: try! Matrix(rows: rows, columns: 2, values: values), labels: labels)
    }
}
