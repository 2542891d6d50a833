
/// The numerical core: a multilayer perceptron's parameters and its forward and backward passes
/// over minibatches, through gemm on preallocated buffers.
///
/// Layer l computes Aₗ = act(Aₗ₋₁ · Wₗ + bₗ) with Wₗ stored fanIn × fanOut, row-major, so every
/// transpose of the backward pass is a gemm flag, never a copy.
final class Perceptron<S: NNScalar> {
    let architecture: Architecture
    let segments: [Architecture.Segment]
    let parameters: UnsafeMutableBufferPointer<S>

    init(architecture: Architecture) {
        self.architecture = architecture
        segments = architecture.segments
        parameters = .allocate(capacity: architecture.parameterCount)
        parameters.initialize(repeating: 0)
    }

    deinit { parameters.deallocate() }

    var maxWidth: Int { max(architecture.inputCount, architecture.layers.map(\.units).max() ?? 0) }

    /// Runs `rows` examples from `input` through the network, writing layer l's output to `outputs[l]`.
    /// With `logitOutput`, the last layer stays affine (its activation is folded into the loss).
    func forward(input: UnsafePointer<S>, rows: Int, outputs: [UnsafeMutablePointer<S>], logitOutput: Bool) {
        let p = parameters.baseAddress!
        var x = input
        for (l, s) in segments.enumerated() {
            let y = outputs[l]
            S.gemm(transposeA: false, transposeB: false, m: rows, n: s.fanOut, k: s.fanIn,
                   alpha: 1, a: x, lda: s.fanIn, b: p + s.weightOffset, ldb: s.fanOut, beta: 0, c: y, ldc: s.fanOut)
            let activation = logitOutput && l == segments.count - 1 ? .linear : s.activation
            activation.applyWithBias(y, rows: rows, columns: s.fanOut, bias: p + s.biasOffset)
            x = UnsafePointer(y)
        }
    }

    /// After ``forward(input:rows:outputs:logitOutput:)`` on the same workspace, computes the
    /// minibatch loss gradient into `workspace.gradients` and returns Σᵢ wᵢ·ℓᵢ (not divided by `rows`).
    /// `batchRows` is the size of the whole minibatch when these rows are one worker's share of it.
    func backward(_ ws: TrainingWorkspace<S>, rows n: Int, loss: Loss, batchRows: Int? = nil) -> S {
        let p = parameters.baseAddress!, g = ws.gradients.baseAddress!
        let last = segments.count - 1
        let width = segments[last].fanOut
        let output = ws.layerOutputs[last]
        var delta = ws.deltaA, spare = ws.deltaB
        let inverseRows = 1 / S(batchRows ?? n)
        var total: S = 0
        for r in 0..<n {
            let w = ws.weights[r]
            for j in 0..<width {
                let i = r * width + j
                let y = ws.labels[i]
                total += w * loss.value(stored: output[i], label: y)
                delta[i] = loss.derivative(stored: output[i], label: y) * w * inverseRows
            }
        }
        if loss == .meanSquaredError {
            segments[last].activation.multiplyByDerivative(delta, output: output, count: n * width)
        }
        for l in stride(from: last, through: 0, by: -1) {
            let s = segments[l]
            let input = l == 0 ? UnsafePointer(ws.input) : UnsafePointer(ws.layerOutputs[l - 1])
            // dW = Aₗ₋₁ᵀ · δ
            S.gemm(transposeA: true, transposeB: false, m: s.fanIn, n: s.fanOut, k: n,
                   alpha: 1, a: input, lda: s.fanIn, b: delta, ldb: s.fanOut, beta: 0, c: g + s.weightOffset, ldc: s.fanOut)
            let gb = g + s.biasOffset
            if S.self == Float.self {
                VectorKernels.columnSums(UnsafeRawPointer(delta).assumingMemoryBound(to: Float.self), rows: n, columns: s.fanOut,
                                         into: UnsafeMutableRawPointer(gb).assumingMemoryBound(to: Float.self))
            } else {
                for j in 0..<s.fanOut { gb[j] = 0 }
                for r in 0..<n {
                    let row = delta + r * s.fanOut
                    for j in 0..<s.fanOut { gb[j] += row[j] }
                }
            }
            guard l > 0 else { break }
            // δₗ₋₁ = (δ · Wᵀ) ⊙ act′(Aₗ₋₁)
            S.gemm(transposeA: false, transposeB: true, m: n, n: s.fanIn, k: s.fanOut,
                   alpha: 1, a: delta, lda: s.fanOut, b: p + s.weightOffset, ldb: s.fanOut, beta: 0, c: spare, ldc: s.fanIn)
            segments[l - 1].activation.multiplyByDerivative(spare, output: input, count: n * s.fanIn)
            swap(&delta, &spare)
        }
        return total
    }
}

/// Buffers for training on minibatches of up to `capacity` rows, allocated once so that the
/// training loop allocates nothing.
final class TrainingWorkspace<S: NNScalar> {
    let capacity: Int
    let input: UnsafeMutablePointer<S>
    let layerOutputs: [UnsafeMutablePointer<S>]
    let deltaA: UnsafeMutablePointer<S>
    let deltaB: UnsafeMutablePointer<S>
    let labels: UnsafeMutablePointer<S>
    let weights: UnsafeMutablePointer<S>
    let gradients: UnsafeMutableBufferPointer<S>

    init(architecture: Architecture, capacity: Int) {
        self.capacity = capacity
        let widest = max(architecture.inputCount, architecture.layers.map(\.units).max() ?? 1)
        input = .allocate(capacity: capacity * architecture.inputCount)
        layerOutputs = architecture.layers.map { .allocate(capacity: capacity * $0.units) }
        deltaA = .allocate(capacity: capacity * widest)
        deltaB = .allocate(capacity: capacity * widest)
        labels = .allocate(capacity: capacity * architecture.outputCount)
        weights = .allocate(capacity: capacity)
        gradients = .allocate(capacity: architecture.parameterCount)
        gradients.initialize(repeating: 0)
    }

    deinit {
        input.deallocate()
        layerOutputs.forEach { $0.deallocate() }
        deltaA.deallocate()
        deltaB.deallocate()
        labels.deallocate()
        weights.deallocate()
        gradients.deallocate()
    }
}
