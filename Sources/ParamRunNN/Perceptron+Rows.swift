/// A minibatch's pass with its rows shared among threads, bit for bit the pass
/// ``Perceptron/backward(_:rows:loss:batchRows:)`` makes in one piece.
///
/// Everything up to the gradients is row by row: each thread runs its rows forward through every
/// layer and their ∂L/∂output back down, with no wait between layers. Only the weight gradients
/// Aₗ₋₁ᵀ·δₗ sum over rows; they are cut by their own rows (the layer's inputs) instead, so no sum
/// is ever split. Every gemm is cut where ``ExactRowSplit`` found the kernel's order kept.
extension Perceptron {
    /// Runs rows `rows` of the workspace's input forward, into the same rows of every layer's output.
    func forward(_ ws: TrainingWorkspace<S>, rows: Range<Int>, logitOutput: Bool) {
        let offset = rows.lowerBound
        forward(
            input: ws.input + offset * architecture.inputCount, rows: rows.count,
            outputs: zip(ws.layerOutputs, architecture.layers).map { $0 + offset * $1.units }, logitOutput: logitOutput)
    }

    /// After the forward pass over `rows`, writes their loss terms and every layer's δ for them.
    /// `batchRows` is the whole minibatch's size, by which the loss is averaged.
    func backpropagate(_ ws: TrainingWorkspace<S>, rows: Range<Int>, batchRows n: Int, loss: Loss) {
        let p = parameters.baseAddress!
        let last = segments.count - 1
        let width = segments[last].fanOut
        let output = ws.layerOutputs[last], delta = ws.layerDeltas[last]
        let inverseRows = 1 / S(n)
        for r in rows {
            let w = ws.weights[r]
            for j in 0..<width {
                let i = r * width + j
                let y = ws.labels[i]
                ws.lossTerms[i] = w * loss.value(stored: output[i], label: y)
                delta[i] = loss.derivative(stored: output[i], label: y) * w * inverseRows
            }
        }
        let first = rows.lowerBound
        if loss == .meanSquaredError {
            segments[last].activation.multiplyByDerivative(
                delta + first * width, output: output + first * width,
                count: rows.count * width)
        }
        for l in stride(from: last, through: 1, by: -1) {
            let s = segments[l]
            // δₗ₋₁ = (δₗ · Wᵀ) ⊙ act′(Aₗ₋₁), for these rows only.
            let below = ws.layerDeltas[l - 1] + first * s.fanIn
            S.gemm(
                transposeA: false, transposeB: true, m: rows.count, n: s.fanIn, k: s.fanOut, alpha: 1,
                a: ws.layerDeltas[l] + first * s.fanOut, lda: s.fanOut, b: p + s.weightOffset, ldb: s.fanOut,
                beta: 0, c: below, ldc: s.fanIn)
            segments[l - 1].activation.multiplyByDerivative(
                below, output: ws.layerOutputs[l - 1] + first * s.fanIn,
                count: rows.count * s.fanIn)
        }
    }

    /// Rows `inputs` of layer `l`'s weight gradient, Aₗ₋₁ᵀ·δₗ over the whole minibatch of `batchRows`.
    func weightGradient(_ ws: TrainingWorkspace<S>, layer l: Int, inputs: Range<Int>, batchRows n: Int) {
        let s = segments[l]
        let input = l == 0 ? UnsafePointer(ws.input) : UnsafePointer(ws.layerOutputs[l - 1])
        S.gemm(
            transposeA: true, transposeB: false, m: inputs.count, n: s.fanOut, k: n, alpha: 1,
            a: input + inputs.lowerBound, lda: s.fanIn, b: ws.layerDeltas[l], ldb: s.fanOut, beta: 0,
            c: ws.gradients.baseAddress! + s.weightOffset + inputs.lowerBound * s.fanOut, ldc: s.fanOut)
    }

    /// Layer `l`'s bias gradient: the column sums of δₗ over the minibatch's `batchRows` rows.
    func biasGradient(_ ws: TrainingWorkspace<S>, layer l: Int, batchRows n: Int) {
        let s = segments[l]
        Self.columnSums(ws.layerDeltas[l], rows: n, columns: s.fanOut, into: ws.gradients.baseAddress! + s.biasOffset)
    }

    /// Σ wᵢ·ℓᵢ over the first `rows` rows, in row order, as ``backward(_:rows:loss:batchRows:)`` sums it.
    func lossSum(_ ws: TrainingWorkspace<S>, rows n: Int) -> S {
        var total: S = 0
        for i in 0..<(n * segments[segments.count - 1].fanOut) { total += ws.lossTerms[i] }
        return total
    }
}
