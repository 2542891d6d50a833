import Foundation
@testable import ParamRunNN
import Testing

/// The OpenBLAS kernel choice: the decision from CPU flags, and a real child process.
@Suite(.serialized) struct BLASRuntimeTests {
    private let xeonCPUInfo = """
        processor\t: 0
        vendor_id\t: GenuineIntel
        model name\t: Intel Xeon Processor (Cascadelake)
        flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni

        processor\t: 1
        flags\t\t: fpu sse sse2

        """
    private let haswellFlags: Set<String> = ["sse2", "ssse3", "avx", "avx2", "fma"]

    @Test func parsesFlagsOfTheFirstProcessor() {
        let flags = BLASRuntime.cpuFlags(fromCPUInfo: xeonCPUInfo)
        #expect(flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"]))
        #expect(flags.count == 27)
        #expect(BLASRuntime.cpuFlags(fromCPUInfo: "model name : nothing").isEmpty)
    }

    @Test("a generic core on an AVX-512 CPU gets SkylakeX; on an AVX2 CPU, Haswell")
    func upgrades() {
        let avx512 = BLASRuntime.cpuFlags(fromCPUInfo: xeonCPUInfo)
        #expect(
            BLASRuntime.preferredCoreType(cpuFlags: avx512, currentCore: "Prescott", userSetting: nil) == "SkylakeX")
        #expect(BLASRuntime.preferredCoreType(cpuFlags: avx512, currentCore: "Haswell", userSetting: nil) == "SkylakeX")
        #expect(
            BLASRuntime.preferredCoreType(cpuFlags: haswellFlags, currentCore: "Prescott", userSetting: nil)
                == "Haswell")
        #expect(
            BLASRuntime.preferredCoreType(cpuFlags: haswellFlags, currentCore: "Sandybridge", userSetting: "")
                == "Haswell")
    }

    @Test("never a kernel the CPU lacks, never over the user's choice, never a downgrade")
    func keeps() {
        let avx512 = BLASRuntime.cpuFlags(fromCPUInfo: xeonCPUInfo)
        #expect(BLASRuntime.preferredCoreType(cpuFlags: avx512, currentCore: "Prescott", userSetting: "Haswell") == nil)
        #expect(BLASRuntime.preferredCoreType(cpuFlags: avx512, currentCore: "SkylakeX", userSetting: nil) == nil)
        #expect(BLASRuntime.preferredCoreType(cpuFlags: avx512, currentCore: "Cooperlake", userSetting: nil) == nil)
        #expect(BLASRuntime.preferredCoreType(cpuFlags: haswellFlags, currentCore: "Haswell", userSetting: nil) == nil)
        #expect(
            BLASRuntime.preferredCoreType(cpuFlags: ["sse2", "sse3"], currentCore: "Prescott", userSetting: nil) == nil)
        // avx512f alone is not enough for the SkylakeX kernels.
        #expect(
            BLASRuntime.preferredCoreType(
                cpuFlags: haswellFlags.union(["avx512f"]), currentCore: "Haswell", userSetting: nil) == nil)
    }

    // Setting the thread count is process-wide, so it is tested in a child process: in this
    // one it would race with every other suite that calls BLAS.
    @Test("thread count is set and reported, by the process that owns BLAS")
    func threads() throws {
        let bench = try NNTestSupport.benchExecutable()
        for threads in [1, 2] {
            let child = try NNTestSupport.run(bench, ["nn", "summary", "--threads", "\(threads)"])
            #expect(child.status == 0)
            #expect(
                child.output.contains("OpenBLAS ") && child.output.contains(", \(threads) thread"), "\(child.output)")
        }
    }

    @Test("a child process runs on the kernel the decision picks for this machine")
    func childProcessGetsTheBestKernel() throws {
        let bench = try NNTestSupport.benchExecutable()
        var environment = ProcessInfo.processInfo.environment
        environment[BLASRuntime.reexecMarkerVariable] = nil
        let userSetting = environment[BLASRuntime.coreTypeVariable]
        let flags = BLASRuntime.cpuFlags(fromCPUInfo: try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))
        let expected =
            BLASRuntime.preferredCoreType(cpuFlags: flags, currentCore: BLASRuntime.coreName, userSetting: userSetting)
            ?? BLASRuntime.coreName
        let child = try NNTestSupport.run(bench, ["nn", "summary", "--threads", "1"], environment: environment)
        #expect(child.status == 0)
        #expect(child.output.contains("kernel \(expected), 1 thread"), "\(child.output)")
    }

    @Test("the re-exec sets OPENBLAS_CORETYPE for the new process image, once; a user's value is kept")
    func reexecution() throws {
        let bench = try NNTestSupport.benchExecutable()
        var environment = ProcessInfo.processInfo.environment
        environment[BLASRuntime.reexecMarkerVariable] = nil
        let reexecuted = try NNTestSupport.run(
            bench, ["nn", "summary", "--reexec-with", "Prescott"], environment: environment)
        #expect(reexecuted.status == 0)
        #expect(reexecuted.output.contains("kernel Prescott"), "\(reexecuted.output)")
        // Prescott is generic, yet the marker stops a second re-exec to SkylakeX: exactly one output line.
        #expect(reexecuted.output.split(separator: "\n").count == 1)

        environment[BLASRuntime.coreTypeVariable] = "Prescott"
        let user = try NNTestSupport.run(bench, ["nn", "summary"], environment: environment)
        #expect(user.output.contains("kernel Prescott"), "\(user.output)")
    }

    @Test(
        "with two threads (workers sharing each minibatch) training is deterministic, resumable, and matches one thread"
    )
    func twoThreads() throws {
        let data = NNTestSupport.halfMoons(rows: 640, noise: 0.2, seed: 1)
        let architecture = Architecture(inputCount: 2, hidden: [24, 24], activation: .relu)
        func config(_ threads: Int, epochs: Int) -> TrainingConfig {
            TrainingConfig(
                initialization: .heNormal, optimizer: .sgd(learningRate: 0.05, momentum: 0.5), weightDecay: 1e-4,
                batchSize: 64, epochs: epochs, validationFraction: 0.1, seed: 3, shards: 2, threads: threads)
        }
        func bits(_ r: TrainingResult) -> [UInt32] { r.network.parameters.map(\.bitPattern) }
        let threadsBefore = BLASRuntime.threads
        let a = try Trainer(architecture: architecture, config: config(2, epochs: 2)).train(data)
        let b = try Trainer(architecture: architecture, config: config(2, epochs: 2)).train(data)
        #expect(bits(a) == bits(b))
        #expect(BLASRuntime.threads == threadsBefore, "training leaves the process's BLAS thread count alone")
        let one = try Trainer(architecture: architecture, config: config(1, epochs: 2)).train(data)
        let worst = zip(a.network.parameters, one.network.parameters).map { abs($0 - $1) / max(abs($1), 1e-2) }.max()!
        #expect(worst < 1e-3, "largest relative difference to one thread: \(worst)")

        let directory = try NNTestSupport.temporaryDirectory("two-threads")
        _ = try Trainer(architecture: architecture, config: config(2, epochs: 1)).train(
            data, checkpointDirectory: directory)
        let resumed = try Trainer(architecture: architecture, config: config(2, epochs: 2)).train(
            data, checkpointDirectory: directory)
        #expect(resumed.resumedAfterEpoch == 1 && bits(resumed) == bits(a))
    }

    @Test("a predictor with two workers gives the bits of one, and leaves BLAS threads alone")
    func twoThreadPrediction() throws {
        let data = NNTestSupport.halfMoons(rows: 300, noise: 0.2, seed: 1)
        let network = try Trainer(
            architecture: Architecture(inputCount: 2, hidden: [40, 40], activation: .relu),
            config: TrainingConfig(optimizer: .adam(learningRate: 0.01), batchSize: 30, epochs: 2, threads: 1)
        )
        .train(data, scaler: InputScaler.standardizing(data.features)).network
        let probe = NNTestSupport.halfMoons(rows: 1_001, noise: 0.3, seed: 2).features
        let threadsBefore = BLASRuntime.threads
        let two = try network.predict(probe, batchSize: 100, threads: 2)
        #expect(BLASRuntime.threads == threadsBefore)
        let one = try network.predict(probe, batchSize: 100, threads: 1)
        // One shard: the two workers share each batch's rows where the kernel keeps one thread's bits.
        #expect(zip(one, two).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(network.makePredictor(batchSize: 100, threads: 2).threads == 2)
        let pieces = ExactRowSplit.bounds(rows: 100, parts: 2, shapes: network.architecture.forwardShapes)
        #expect(pieces.count == 3, "the batches were shared: \(pieces)")
    }
}
