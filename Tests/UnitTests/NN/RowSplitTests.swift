import Foundation
@testable import ParamRunNN
import ParamRunSupport
import Testing

/// An unsplit minibatch shared among threads by rows must give one thread's bits: the same
/// gradients, loss and updates as the one-piece pass, whatever the number of pieces.
///
/// The test process's BLAS may run several threads, and sgemm's threaded driver orders its sums
/// otherwise, so these shapes stay under OpenBLAS's threading threshold (m·n·k < 2¹⁸), where every
/// call runs on one thread. The paper's 500-wide layers are checked in the bench's probe, a process
/// of its own with BLAS on one thread (ShardTests).
@Suite struct RowSplitTests {
    /// A workspace holding `rows` seeded random examples, and the core with seeded weights.
    private func setUp(_ architecture: Architecture, rows: Int, keepsLayerDeltas: Bool) -> (
        Perceptron<Float>, TrainingWorkspace<Float>
    ) {
        let core = Perceptron<Float>(architecture: architecture)
        var generator = SeededGenerator(seed: 41)
        Initialization.normal(sigma: 0.1).initialize(core.parameters, architecture: architecture, generator: &generator)
        let ws = TrainingWorkspace<Float>(
            architecture: architecture, capacity: rows, keepsLayerDeltas: keepsLayerDeltas)
        var data = SeededGenerator(seed: 42)
        for i in 0..<(rows * architecture.inputCount) { ws.input[i] = Float(data.nextNormal()) }
        for r in 0..<rows {
            ws.labels[r] = data.nextUniform() < 0.5 ? 1 : 0
            ws.weights[r] = Float(0.5 + data.nextUniform())
        }
        return (core, ws)
    }

    @Test(
        "rows shared among 2, 3 and 4 pieces give the one-piece gradients and loss byte for byte",
        arguments: [(Activation.relu, Loss.binaryCrossEntropy), (.tanh, .meanSquaredError)])
    func gradientsMatch(activation: Activation, loss: Loss) throws {
        // 100 rows, the paper's minibatch, through layers wide enough for the kernels to block.
        let architecture = Architecture(inputCount: 28, hidden: [48, 48], activation: activation)
        let rows = 100
        let (whole, reference) = setUp(architecture, rows: rows, keepsLayerDeltas: false)
        whole.forward(reference, rows: rows, logitOutput: loss == .binaryCrossEntropy)
        let referenceLoss = whole.backward(reference, rows: rows, loss: loss)
        let expected = Array(reference.gradients)

        for threads in 2...4 {
            let (core, ws) = setUp(architecture, rows: rows, keepsLayerDeltas: true)
            let bounds = ExactRowSplit.bounds(rows: rows, parts: threads, shapes: architecture.rowShapes)
            #expect(bounds.count > 2, "no exact row split found at \(threads) threads on \(BLASRuntime.coreName)")
            for (lower, upper) in zip(bounds, bounds.dropFirst()) {
                core.forward(ws, rows: lower..<upper, logitOutput: loss == .binaryCrossEntropy)
                core.backpropagate(ws, rows: lower..<upper, batchRows: rows, loss: loss)
            }
            let tasks = Trainer.gradientTasks(core.segments, rows: rows, threads: threads, cutFrom: 0)
            #expect(
                tasks.contains { $0.inputs != nil && $0.inputs!.count < 48 }, "the hidden layers' gradients are cut")
            for task in tasks {
                if let inputs = task.inputs {
                    core.weightGradient(ws, layer: task.layer, inputs: inputs, batchRows: rows)
                } else {
                    core.biasGradient(ws, layer: task.layer, batchRows: rows)
                }
            }
            #expect(core.lossSum(ws, rows: rows).bitPattern == referenceLoss.bitPattern, "loss at \(threads) pieces")
            let gradients = Array(ws.gradients)
            let differing = zip(gradients, expected).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(differing) of \(expected.count) gradients differ at \(threads) pieces")
        }
    }

    @Test("gradient pieces cover every parameter exactly once")
    func tasksCoverParameters() {
        let architecture = Architecture(inputCount: 28, hidden: [500, 64, 500], activation: .relu)
        let core = Perceptron<Float>(architecture: architecture)
        for threads in 1...4 {
            var covered = [Int](repeating: 0, count: architecture.parameterCount)
            for task in Trainer.gradientTasks(core.segments, rows: 100, threads: threads, cutFrom: 0) {
                let s = core.segments[task.layer]
                let range =
                    task.inputs.map {
                        (s.weightOffset + $0.lowerBound * s.fanOut)..<(s.weightOffset + $0.upperBound * s.fanOut)
                    }
                    ?? s.biasOffset..<(s.biasOffset + s.fanOut)
                for i in range { covered[i] += 1 }
            }
            #expect(covered.allSatisfy { $0 == 1 }, "threads \(threads)")
        }
    }

    @Test("split bounds run from 0 to the rows in order, in at most the pieces asked, on multiples of the step")
    func boundsPartition() {
        let shape = ExactRowSplit.Shape(transposeA: false, transposeB: false, n: 24, k: 16, lda: 16, ldb: 24, ldc: 24)
        for rows in [1, 7, 24, 100, 333] {
            for parts in 1...5 {
                let bounds = ExactRowSplit.bounds(rows: rows, parts: parts, shapes: [shape])
                #expect(bounds.first == 0 && bounds.last == rows)
                #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
                #expect(bounds.count - 1 <= parts)
                if parts == 1 { #expect(bounds == [0, rows]) }
            }
            for step in ExactRowSplit.steps {
                let candidate = ExactRowSplit.candidateBounds(rows: rows, parts: 3, step: step)
                #expect(candidate.dropFirst().dropLast().allSatisfy { $0 % step == 0 })
            }
        }
    }

    @Test(
        "the trial finds an exact two-way split of the paper's minibatch, and refuses a cut off the kernel's row step")
    func trialSaysYesAndNo() throws {
        let shape = ExactRowSplit.Shape(transposeA: false, transposeB: false, n: 48, k: 48, lda: 48, ldb: 48, ldc: 48)
        let split = ExactRowSplit.bounds(rows: 100, parts: 2, shapes: [shape])
        #expect(split.count == 3, "an exact two-way split of 100 rows exists on \(BLASRuntime.coreName)")
        #expect(ExactRowSplit.isExact(shape, rows: 100, bounds: split))
        // The trial must be able to say no, or it proves nothing. The Zen and Haswell sgemm
        // kernels (OpenBLAS 0.3.21) keep rows in steps of 12: a cut at 50 moves bits near it.
        if ["Zen", "Haswell"].contains(BLASRuntime.coreName) {
            #expect(!ExactRowSplit.isExact(shape, rows: 100, bounds: [0, 50, 100]))
            #expect(split == [0, 48, 100])
        }
    }
}
