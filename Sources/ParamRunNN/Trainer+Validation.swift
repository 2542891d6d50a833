import ParamRunMetrics
import ParamRunSupport

/// The validation pass after every epoch: loss and AUC on held-out rows, by forward passes only.
extension Trainer {
    /// Σ wᵢℓᵢ / n over `rows`, by forward passes only, in blocks of `batchRows` cut into the same
    /// shards as training, so every thread count gives the same bits.
    /// The weighted validation loss and, for a single logistic output, the validation AUC (the
    /// number physicists watch; a logit ranks events as its sigmoid does).
    /// With `plans` (one shard), several workers share each block's forward pass by rows, with one worker's bits.
    func evaluateLoss(
        core: Perceptron<Float>, shards: [TrainingWorkspace<Float>], batchRows: Int, workers: Int,
        plans: RowSplitPlans?, examples: LabeledExamples, rows: [Int], scaler: InputScaler?
    ) -> (loss: Double, auc: Double?) {
        let logit = config.loss == .binaryCrossEntropy
        let outputs = architecture.outputCount
        let shardCount = shards.count
        var scores = [Float](repeating: 0, count: outputs == 1 ? rows.count : 0)
        var labels = scores
        let partialLoss = UnsafeMutableBufferPointer<Double>.allocate(capacity: shardCount)
        defer { partialLoss.deallocate() }
        var sum = 0.0
        var start = 0
        scores.withUnsafeMutableBufferPointer { scores in
            labels.withUnsafeMutableBufferPointer { labels in
                while start < rows.count {
                    let n = min(batchRows, rows.count - start)
                    let blockStart = start
                    let parts = DisjointParts(
                        (shards: shards, loss: partialLoss, core: core, scores: scores, labels: labels))
                    // With the rows shared, every worker runs its piece forward first; the loss is then
                    // summed in row order on one.
                    let pieces = workers > 1 ? plans?.forwardCuts(rows: n, threads: workers) ?? [0, n] : [0, n]
                    if pieces.count > 2 {
                        Self.perform(workers: workers, shards: pieces.count - 1) { piece in
                            let (shard, core) = (parts.value.shards[0], parts.value.core)
                            let piece = pieces[piece]..<pieces[piece + 1]
                            Self.gather(
                                examples, rows: rows, from: blockStart + piece.lowerBound, count: piece.count,
                                scaler: scaler,
                                into: shard, at: piece.lowerBound)
                            core.forward(shard, rows: piece, logitOutput: logit)
                        }
                    }
                    Self.perform(workers: pieces.count > 2 ? 1 : workers, shards: shardCount) { s in
                        let (shards, partialLoss, core) = (parts.value.shards, parts.value.loss, parts.value.core)
                        let (scores, labels) = (parts.value.scores, parts.value.labels)
                        let shard = shards[s], bounds = TrainingConfig.shardBounds(s, rows: n, shards: shardCount)
                        partialLoss[s] = 0
                        guard !bounds.isEmpty else { return }
                        if pieces.count <= 2 {
                            Self.gather(
                                examples, rows: rows, from: blockStart + bounds.lowerBound, count: bounds.count,
                                scaler: scaler, into: shard)
                            core.forward(shard, rows: bounds.count, logitOutput: logit)
                        }
                        let output = shard.layerOutputs[shard.layerOutputs.count - 1]
                        var shardSum = 0.0
                        for r in 0..<bounds.count {
                            var rowLoss: Float = 0
                            for j in 0..<outputs {
                                rowLoss += config.loss.value(
                                    stored: output[r * outputs + j], label: shard.labels[r * outputs + j])
                            }
                            shardSum += Double(shard.weights[r] * rowLoss)
                            if outputs == 1 {
                                scores[blockStart + bounds.lowerBound + r] = output[r]
                                labels[blockStart + bounds.lowerBound + r] = shard.labels[r]
                            }
                        }
                        partialLoss[s] = shardSum
                    }
                    for s in 0..<shardCount { sum += partialLoss[s] }
                    start += n
                }
            }
        }
        let auc = outputs == 1 ? (try? Metrics.auc(scores: scores, labels: labels, standardError: false))?.auc : nil
        return (sum / Double(rows.count), auc)
    }

}
