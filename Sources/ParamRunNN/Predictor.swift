import Foundation
import ParamRunSupport

/// Applies a network to any number of rows, one batch at a time, with reused activation
/// buffers: memory stays at about `batchSize × widest layer × 2` floats whatever the number of events.
///
/// Each batch is cut into a fixed number of shards by the same formula as training, so the
/// outputs are the same bits whatever the number of threads (with sgemm on one thread). With one
/// shard, several threads share each batch's rows where ``ExactRowSplit`` found that sgemm keeps
/// the unsplit bits, so the scores are those of one thread.
///
/// A predictor is not thread-safe; make one per thread.
public final class Predictor {
    /// Rows scored per forward pass.
    public let batchSize: Int
    /// Workers that share each batch's shards, or with one shard its rows; 1 means the caller's
    /// thread, with BLAS threads as the process set them.
    public let threads: Int
    /// Pieces each batch is cut into; fixed by the batch size alone, never by `threads`.
    public let shards: Int
    /// Shards per batch when the caller does not say: the unsplit batch. Evaluation runs on one
    /// thread in a pipeline, and any split moves sgemm's last bits (rows near a cut are summed by
    /// another kernel), so the default keeps the scores of every earlier version; a caller that
    /// wants several workers asks for as many shards, and gets the same bits at any thread count.
    public static let defaultShards = 1
    /// Rows per forward pass when the caller does not say (`Network.predict`), as evaluation
    /// and the smoothness scan run; validation estimates their memory with it.
    public static let defaultBatchSize = 10_000
    let network: Network
    let core: Perceptron<Float>
    /// The forward pass's gemms, as ``ExactRowSplit`` tries them when workers share a batch's rows.
    private let forwardShapes: [ExactRowSplit.Shape]
    fileprivate let lanes: [Lane]

    /// One worker's buffers: scaled inputs and two alternating activation buffers.
    fileprivate final class Lane {
        let input: UnsafeMutablePointer<Float>
        let ping: UnsafeMutablePointer<Float>
        let pong: UnsafeMutablePointer<Float>
        let outputs: [UnsafeMutablePointer<Float>]
        /// For an affine-conditioned network: one scale and one shift buffer that every layer reuses.
        let modulation: Modulation<Float>?

        init(architecture: Architecture, rows: Int, widest: Int) {
            input = .allocate(capacity: rows * architecture.inputCount)
            let ping = UnsafeMutablePointer<Float>.allocate(capacity: rows * widest)
            let pong = UnsafeMutablePointer<Float>.allocate(capacity: rows * widest)
            let count = architecture.layers.count
            // Alternate the buffers, ending in ping so the result is always found there.
            outputs = (0..<count).map { (count - 1 - $0) % 2 == 0 ? ping : pong }
            self.ping = ping
            self.pong = pong
            if architecture.conditioning.thetaCount > 0 {
                let scale = UnsafeMutablePointer<Float>.allocate(capacity: rows * widest)
                modulation = Modulation(
                    activations: [], scales: Array(repeating: scale, count: count),
                    shift: .allocate(capacity: rows * widest))
            } else {
                modulation = nil
            }
        }

        deinit {
            input.deallocate()
            ping.deallocate()
            pong.deallocate()
            modulation?.scales.first?.deallocate()
            modulation?.shift.deallocate()
        }
    }

    init(network: Network, batchSize: Int, threads: Int, shards: Int = Predictor.defaultShards) {
        self.batchSize = max(1, batchSize)
        self.shards = max(1, min(shards, self.batchSize / TrainingConfig.minimumShardRows))
        // One shard: the threads share each batch's rows (not an affine network's, whose θ maps are not cut).
        let rowSplit = self.shards == 1 && network.architecture.conditioning.thetaCount == 0
        self.threads =
            rowSplit
            ? min(Trainer.rowSplitThreadLimit(batchSize: self.batchSize), max(1, threads))
            : min(self.shards, max(1, threads))
        self.network = network
        let core = Perceptron<Float>(architecture: network.architecture)
        _ = core.parameters.initialize(from: network.parameters)
        self.core = core
        forwardShapes = network.architecture.forwardShapes
        // A piece of rows may be most of a batch, where the trial keeps fewer cuts than asked.
        let rows = rowSplit ? self.batchSize : (self.batchSize + self.shards - 1) / self.shards
        let widest = core.maxWidth
        lanes = (0..<self.threads).map { _ in Lane(architecture: network.architecture, rows: rows, widest: widest) }
    }

    /// Outputs for every row of `features`, `outputCount` per row.
    public func predict(_ features: Matrix) throws -> [Float] {
        let width = network.architecture.outputCount
        var result = [Float](repeating: 0, count: features.rows * width)
        try features.values.withUnsafeBufferPointer { source in
            try result.withUnsafeMutableBufferPointer { destination in
                try predict(source, rows: features.rows, columns: features.columns, into: destination)
            }
        }
        return result
    }

    /// Outputs for `rows` row-major rows at `source` into `destination` (`rows × outputCount` values).
    /// Inputs are not checked for NaN here; a NaN input gives a NaN output for that row only.
    public func predict(
        _ source: UnsafeBufferPointer<Float>, rows: Int, columns: Int,
        into destination: UnsafeMutableBufferPointer<Float>
    ) throws {
        let architecture = network.architecture
        guard columns == architecture.inputCount else {
            throw NNError.shapeMismatch(
                what: "prediction inputs", expected: "\(architecture.inputCount) columns", found: "\(columns)")
        }
        guard source.count >= rows * columns else {
            throw NNError.shapeMismatch(
                what: "prediction inputs", expected: "\(rows * columns) values", found: "\(source.count)")
        }
        let width = architecture.outputCount
        guard destination.count >= rows * width else {
            throw NNError.shapeMismatch(
                what: "prediction outputs", expected: "\(rows * width) values", found: "\(destination.count)")
        }
        guard rows > 0 else { return }
        let workers = threads, shards = shards
        // Several workers each run their shards on sgemm, as the trainer does; the process owner
        // sets BLAS to one thread for that. Worker w takes shards w, w + workers, … into its own lane.
        var start = 0
        while start < rows {
            let n = min(batchSize, rows - start)
            if workers > 1, shards == 1 {
                let batchStart = start
                let pieces = ExactRowSplit.bounds(rows: n, parts: workers, shapes: forwardShapes)
                let parts = DisjointParts((predictor: self, source: source, destination: destination))
                DispatchQueue.concurrentPerform(iterations: pieces.count - 1) { piece in
                    let (predictor, source, destination) = (
                        parts.value.predictor, parts.value.source, parts.value.destination
                    )
                    guard let input = source.baseAddress, let output = destination.baseAddress else { return }
                    predictor.run(
                        predictor.lanes[piece], source: input, from: batchStart + pieces[piece],
                        rows: pieces[piece + 1] - pieces[piece], columns: columns, into: output)
                }
            } else if workers == 1 {
                for s in 0..<shards {
                    let bounds = TrainingConfig.shardBounds(s, rows: n, shards: shards)
                    guard !bounds.isEmpty else { continue }
                    run(
                        lanes[0], source: source.baseAddress!, from: start + bounds.lowerBound, rows: bounds.count,
                        columns: columns,
                        into: destination.baseAddress!)
                }
            } else {
                let batchStart = start
                let parts = DisjointParts((predictor: self, source: source, destination: destination))
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let (predictor, source, destination) = (
                        parts.value.predictor, parts.value.source, parts.value.destination
                    )
                    guard let input = source.baseAddress, let output = destination.baseAddress else { return }
                    for s in stride(from: w, to: shards, by: workers) {
                        let bounds = TrainingConfig.shardBounds(s, rows: n, shards: shards)
                        guard !bounds.isEmpty else { continue }
                        predictor.run(
                            predictor.lanes[w], source: input, from: batchStart + bounds.lowerBound, rows: bounds.count,
                            columns: columns, into: output)
                    }
                }
            }
            start += n
        }
    }

    fileprivate func run(
        _ lane: Lane, source: UnsafePointer<Float>, from start: Int, rows n: Int, columns: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let rowsIn = source + start * columns
        let batchInput: UnsafePointer<Float>
        if let scaler = network.scaler {
            for r in 0..<n { scaler.apply(rowsIn + r * columns, to: lane.input + r * columns, columns: columns) }
            batchInput = UnsafePointer(lane.input)
        } else {
            batchInput = rowsIn
        }
        core.forward(input: batchInput, rows: n, outputs: lane.outputs, logitOutput: false, modulation: lane.modulation)
        let width = network.architecture.outputCount
        (destination + start * width).update(from: lane.ping, count: n * width)
    }
}
