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

    /// One minibatch of `plan.rows` rows, from `start` in `order`, on `plan.threads` threads:
    /// forward and back by pieces of rows, then each layer's gradient by pieces of its inputs,
    /// each piece updating its own parameters. Returns the minibatch's Σ wᵢℓᵢ.
    func rowSplitStep(
        core: Perceptron<Float>, optimizer: Optimizer<Float>, workspace: TrainingWorkspace<Float>, plan: RowSplitPlan,
        examples: LabeledExamples, order: [Int], start: Int, scaler: InputScaler?, learningRate: Double
    ) -> Double {
        let logit = config.loss == .binaryCrossEntropy, loss = config.loss
        let (n, threads, cuts, tasks) = (plan.rows, plan.threads, plan.cuts, plan.tasks)
        let parts = DisjointParts((core: core, workspace: workspace, optimizer: optimizer, order: order))
        Self.perform(workers: threads, shards: cuts.count - 1) { piece in
            let (core, workspace, order) = (parts.value.core, parts.value.workspace, parts.value.order)
            let rows = cuts[piece]..<cuts[piece + 1]
            Self.gather(
                examples, rows: order, from: start + rows.lowerBound, count: rows.count, scaler: scaler,
                into: workspace,
                at: rows.lowerBound)
            core.forward(workspace, rows: rows, logitOutput: logit)
            core.backpropagate(workspace, rows: rows, batchRows: n, loss: loss)
        }
        let total = Double(core.lossSum(workspace, rows: n))

        optimizer.beginStep()
        let next = TaskCounter()
        Self.perform(workers: threads, shards: threads) { _ in
            let (core, workspace, optimizer) = (parts.value.core, parts.value.workspace, parts.value.optimizer)
            let parameters = core.parameters.baseAddress!, gradients = workspace.gradients.baseAddress!
            while let task = next.take(below: tasks.count).map({ tasks[$0] }) {
                let s = core.segments[task.layer]
                let range: Range<Int>
                if let inputs = task.inputs {
                    core.weightGradient(workspace, layer: task.layer, inputs: inputs, batchRows: n)
                    let lower = s.weightOffset + inputs.lowerBound * s.fanOut
                    range = lower..<(s.weightOffset + inputs.upperBound * s.fanOut)
                } else {
                    core.biasGradient(workspace, layer: task.layer, batchRows: n)
                    range = s.biasOffset..<(s.biasOffset + s.fanOut)
                }
                // Every parameter's update is its own arithmetic, so pieces change no bit.
                optimizer.update(
                    parameters: parameters, gradients: gradients, segments: core.segments,
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
    static func gradientTasks(_ segments: [Architecture.Segment], rows n: Int, threads: Int, cutFrom: Int = 16_384)
        -> [GradientTask]
    {
        var tasks: [GradientTask] = []
        for (l, s) in segments.enumerated() {
            let parts = s.fanIn * s.fanOut >= cutFrom ? threads : 1
            let bounds = ExactRowSplit.bounds(
                rows: s.fanIn, parts: parts, shapes: [Architecture.weightGradientShape(s, batchRows: n)])
            for (lower, upper) in zip(bounds, bounds.dropFirst()) {
                tasks.append(GradientTask(layer: l, inputs: lower..<upper, cost: (upper - lower) * s.fanOut * n))
            }
            tasks.append(GradientTask(layer: l, inputs: nil, cost: s.fanOut * n))
        }
        return tasks.sorted { $0.cost > $1.cost }
    }
}

/// How one training cuts a minibatch of `rows` rows on `threads` threads: its pieces of rows and
/// its gradient pieces.
struct RowSplitPlan {
    var rows: Int
    var threads: Int
    var cuts: [Int]
    var tasks: [Trainer.GradientTask]
}

/// One training's plans, made once per minibatch size and thread count rather than every
/// minibatch; used from the training's own thread only.
final class RowSplitPlans {
    private let segments: [Architecture.Segment]
    private let rowShapes: [ExactRowSplit.Shape]
    private let forwardShapes: [ExactRowSplit.Shape]
    private var steps: [[Int]: RowSplitPlan] = [:]
    private var forwards: [[Int]: [Int]] = [:]

    init(architecture: Architecture) {
        segments = architecture.segments
        rowShapes = architecture.rowShapes
        forwardShapes = architecture.forwardShapes
    }

    /// The plan of a training step.
    func step(rows: Int, threads: Int) -> RowSplitPlan {
        if let known = steps[[rows, threads]] { return known }
        let plan = RowSplitPlan(
            rows: rows, threads: threads,
            cuts: ExactRowSplit.bounds(rows: rows, parts: threads, shapes: rowShapes),
            tasks: Trainer.gradientTasks(segments, rows: rows, threads: threads))
        steps[[rows, threads]] = plan
        return plan
    }

    /// The pieces of rows of a forward pass alone (validation).
    func forwardCuts(rows: Int, threads: Int) -> [Int] {
        if let known = forwards[[rows, threads]] { return known }
        let cuts = ExactRowSplit.bounds(rows: rows, parts: threads, shapes: forwardShapes)
        forwards[[rows, threads]] = cuts
        return cuts
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
        let parts = min(threads, Self.rowSplitThreadLimit(batchSize: rows))
        return ExactRowSplit.bounds(rows: rows, parts: parts, shapes: architecture.rowShapes).count - 1
    }
}
