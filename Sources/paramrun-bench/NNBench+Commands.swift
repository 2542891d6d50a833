import ArgumentParser
import Foundation
import ParamRunNN

/// `paramrun-bench nn`'s subcommands: each parses its options, then calls ``NNBench``'s work.
extension NNBench {
    /// Comma-separated counts of at least 1, such as `1,3,2`.
    static func counts(_ text: String) throws -> [Int] {
        let counts = text.split(separator: ",").map { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("needs counts of at least 1, such as 1,3,2; found '\(text)'")
        }
        return counts.compactMap { $0 }
    }

    /// Runs `work`, ending the process with status 1 and its error on standard error if it fails.
    static func reporting(_ work: () throws -> Void) {
        do {
            try work()
        } catch {
            FileHandle.standardError.write("paramrun-bench nn: \(error)\n".data(using: .utf8)!)
            Foundation.exit(1)
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Training and inference rates of the deep network.")

        @Option(help: "Thread counts to time, comma-separated.", transform: NNBench.counts)
        var threads: [Int] = [1, 2]

        @Option(help: "Shards of each minibatch (default: as many as the threads need).")
        var shards: Int?

        @Option(help: "Seconds to time each rate.")
        var seconds = 3.0

        @Option(help: "Synthetic rows.")
        var rows = 20_000

        @Option(help: "Also write the rows here, for the PyTorch peer.")
        var data: String?

        @Option(help: "How θ enters the network: concat or affine.")
        var conditioning = "concat"

        func validate() throws {
            guard ["concat", "affine"].contains(conditioning) else {
                throw ValidationError("--conditioning must be concat or affine, found '\(conditioning)'")
            }
        }

        func run() {
            // Before any BLAS work: re-executes once with the better kernels where OpenBLAS chose generic ones.
            BLASRuntime.ensureBestKernel()
            NNBench.reporting { try NNBench.bench(self) }
        }
    }

    struct Shards: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What cutting minibatches into shards costs.")

        @Option(
            help: "Shard counts to time, comma-separated; the first is the reference.",
            transform: NNBench.counts)
        var shards: [Int] = [1, 2, 4]

        @Option(help: "Seconds to time each rate.")
        var seconds = 3.0

        @Option(help: "Synthetic rows.")
        var rows = 20_000

        @Option(help: "Rounds; the best of each is kept.")
        var repeats = 3

        func run() {
            BLASRuntime.ensureBestKernel()
            NNBench.reporting { try NNBench.shardCost(self) }
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints the BLAS kernel and threads.")

        @Option(help: "Set BLAS to this many threads first.")
        var threads: Int?

        @Option(help: "Re-execute once with this OpenBLAS core type.")
        var reexecWith: String?

        func run() {
            // `--reexec-with CORE` drives the real re-exec path, and goes first: on a CPU OpenBLAS
            // does not recognise (a virtual Xeon reads as Sandybridge) `ensureBestKernel` would
            // re-exec to SkylakeX itself, and its marker would then stop this one.
            if let core = reexecWith, ProcessInfo.processInfo.environment[BLASRuntime.reexecMarkerVariable] == nil {
                BLASRuntime.reexecute(coreType: core)
            }
            BLASRuntime.ensureBestKernel()
            if let threads { BLASRuntime.setThreads(threads) }
            print(BLASRuntime.summary)
        }
    }

    struct TrainProbe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A small training with a checkpoint per epoch.")

        @Option(help: "The checkpoint folder.")
        var checkpoint: String

        @Option(help: "Where the trained model goes.")
        var out: String

        @Option(help: "Epochs.")
        var epochs = 4

        @Option(help: "Pause after each epoch, in milliseconds.")
        var epochDelayMs = 0

        @Option(help: "Threads per epoch, cycling, comma-separated.", transform: NNBench.counts)
        var threads: [Int] = [1]

        @Option(help: "Hidden layer widths, comma-separated.", transform: NNBench.counts)
        var hidden: [Int] = [32, 32]

        @Option(help: "Shards of each minibatch.")
        var shards = 4

        @Option(help: "Also write the final network's scores here.")
        var scores: String?

        func run() {
            BLASRuntime.ensureBestKernel()
            NNBench.reporting { try NNBench.trainProbe(self) }
        }
    }
}
