import Foundation
import ParamRunSupport
import Synchronization

/// An unsplit minibatch shared among threads by rows, with the bits of one thread
/// (``Perceptron`` `+Rows`, ``ExactRowSplit``): so a training without shards can still take up
/// the cores the scheduler lends it, and its result never depends on how many it got.
extension Trainer {
    /// The most threads an unsplit minibatch of `batchSize` rows is shared among: a piece of
    /// fewer than ``TrainingConfig/minimumShardRows`` rows gains nothing, and 64 at most.
    public static func rowSplitThreadLimit(batchSize: Int) -> Int {
        max(1, min(64, batchSize / TrainingConfig.minimumShardRows))
    }

    /// One minibatch of `rows` rows, from `start` in `order`, on `threads` threads: forward and
    /// back by pieces of rows, then each layer's gradient by pieces of its inputs, each piece
    /// updating its own parameters. Returns the minibatch's Σ wᵢℓᵢ.
    func rowSplitStep(core: Perceptron<Float>, optimizer: Optimizer<Float>, workspace: TrainingWorkspace<Float>, threads: Int,
                      examples: LabeledExamples, order: [Int], start: Int, rows n: Int, scaler: InputScaler?,
                      learningRate: Double) -> Double {
        let logit = config.loss == .binaryCrossEntropy, loss = config.loss
        let cuts = ExactRowSplit.bounds(rows: n, parts: threads, shapes: core.rowShapes)
        let parts = DisjointParts((core: core, workspace: workspace, optimizer: optimizer, order: order))
        Self.perform(workers: threads, shards: cuts.count - 1) { piece in
            let (core, workspace, order) = (parts.value.core, parts.value.workspace, parts.value.order)
            let rows = cuts[piece]..<cuts[piece + 1]
            Self.gather(examples, rows: order, from: start + rows.lowerBound, count: rows.count, scaler: scaler, into: workspace,
                        at: rows.lowerBound)
            core.forward(workspace, rows: rows, logitOutput: logit)
            core.backpropagate(workspace, rows: rows, batchRows: n, loss: loss)
        }
        let total = Double(core.lossSum(workspace, rows: n))

        optimizer.beginStep()
        let tasks = Self.gradientTasks(core: core, rows: n, threads: threads)
        let next = TaskCounter()
        Self.perform(workers: threads, shards: threads) { _ in
            let (core, workspace, optimizer) = (parts.value.core, parts.value.workspace, parts.value.optimizer)
            let parameters = core.parameters.baseAddress!, gradients = workspace.gradients.baseAddress!
            while let task = next.take(below: tasks.count).map({ tasks[$0] }) {
                let s = core.segments[task.layer]
                let range: Range<Int>
                if let inputs = task.inputs {
                    core.weightGradient(workspace, layer: task.layer, inputs: inputs, batchRows: n)
                    range = (s.weightOffset + inputs.lowerBound * s.fanOut)..<(s.weightOffset + inputs.upperBound * s.fanOut)
                } else {
                    core.biasGradient(workspace, layer: task.layer, batchRows: n)
                    range = s.biasOffset..<(s.biasOffset + s.fanOut)
                }
                // Every parameter's update is its own arithmetic, so pieces change no bit.
                optimizer.update(parameters: parameters, gradients: gradients, segments: core.segments,
                                 learningRate: learningRate, range: range)
            }
        }
        return total
    }

    /// A layer's weight gradient rows (`inputs`), or its bias gradient (`inputs` nil).
    struct GradientTask: Sendable {
        var layer: Int
        var inputs: Range<Int>?
        var cost: Int
    }

    /// Every parameter's gradient and update, in pieces, largest first so that the threads
    /// that take them one by one end together. Only layers of at least `cutFrom` weights are cut:
    /// each piece packs δ again, which a small layer's share of the work does not repay.
    static func gradientTasks(core: Perceptron<Float>, rows n: Int, threads: Int, cutFrom: Int = 16_384) -> [GradientTask] {
        var tasks: [GradientTask] = []
        for (l, s) in core.segments.enumerated() {
            let parts = s.fanIn * s.fanOut >= cutFrom ? threads : 1
            let bounds = ExactRowSplit.bounds(rows: s.fanIn, parts: parts, shapes: [core.weightGradientShape(layer: l, batchRows: n)])
            for (lower, upper) in zip(bounds, bounds.dropFirst()) {
                tasks.append(GradientTask(layer: l, inputs: lower..<upper, cost: (upper - lower) * s.fanOut * n))
            }
            tasks.append(GradientTask(layer: l, inputs: nil, cost: s.fanOut * n))
        }
        return tasks.sorted { $0.cost > $1.cost }
    }
}

/// Hands out task indices 0, 1, 2, … once each to whichever thread asks next.
final class TaskCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next index below `count`, or nil when all are taken.
    func take(below count: Int) -> Int? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}

extension Trainer {
    /// The pieces a minibatch of `rows` rows is shared among on `threads` threads: 1 where the
    /// minibatch is cut into shards instead, for an affine network, or where no cut keeps the
    /// unsplit bits on this machine's kernels. For logs, benchmarks and tests.
    public func rowSplitPieces(rows: Int, threads: Int) -> Int {
        guard config.effectiveShards(capacity: rows) == 1, architecture.conditioning.thetaCount == 0 else { return 1 }
        let core = Perceptron<Float>(architecture: architecture)
        let parts = min(threads, Self.rowSplitThreadLimit(batchSize: rows))
        return ExactRowSplit.bounds(rows: rows, parts: parts, shapes: core.rowShapes).count - 1
    }
}
