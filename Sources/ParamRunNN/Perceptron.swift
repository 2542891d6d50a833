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
    /// An affine-conditioned network needs `modulation`; θ is read from the input rows' last
    /// columns in place, through gemm's leading dimension.
    func forward(
        input: UnsafePointer<S>, rows: Int, outputs: [UnsafeMutablePointer<S>], logitOutput: Bool,
        modulation: Modulation<S>? = nil
    ) {
        let p = parameters.baseAddress!
        let theta = input + (architecture.inputCount - architecture.conditioning.thetaCount)
        var x = input
        for (l, s) in segments.enumerated() {
            let y = outputs[l]
            let m = s.modulation
            let a = m == nil || modulation!.activations.isEmpty ? y : modulation!.activations[l]
            S.gemm(
                transposeA: false, transposeB: false, m: rows, n: s.fanOut, k: s.fanIn,
                alpha: 1, a: x, lda: s.fanIn, b: p + s.weightOffset, ldb: s.fanOut, beta: 0, c: a, ldc: s.fanOut)
            let activation = logitOutput && l == segments.count - 1 ? .linear : s.activation
            activation.applyWithBias(a, rows: rows, columns: s.fanOut, bias: p + s.biasOffset)
            if let m, let modulation {
                // h = s(θ) ⊙ a + b(θ), with s(θ) = θ·Wₛ + bₛ and b(θ) = θ·W_b + b_b.
                let scale = modulation.scales[l], shift = modulation.shift
                S.gemm(
                    transposeA: false, transposeB: false, m: rows, n: s.fanOut, k: m.thetaCount, alpha: 1, a: theta,
                    lda: architecture.inputCount, b: p + m.scaleWeightOffset, ldb: s.fanOut, beta: 0, c: scale,
                    ldc: s.fanOut)
                Activation.linear.applyWithBias(scale, rows: rows, columns: s.fanOut, bias: p + m.scaleBiasOffset)
                S.gemm(
                    transposeA: false, transposeB: false, m: rows, n: s.fanOut, k: m.thetaCount, alpha: 1, a: theta,
                    lda: architecture.inputCount, b: p + m.shiftWeightOffset, ldb: s.fanOut, beta: 0, c: shift,
                    ldc: s.fanOut)
                Activation.linear.applyWithBias(shift, rows: rows, columns: s.fanOut, bias: p + m.shiftBiasOffset)
                for i in 0..<(rows * s.fanOut) { y[i] = a[i] * scale[i] + shift[i] }
            } else {
                precondition(m == nil, "an affine-conditioned network needs modulation buffers")
            }
            x = UnsafePointer(y)
        }
    }

    /// ``forward(input:rows:outputs:logitOutput:modulation:)`` on a training workspace's buffers.
    func forward(_ ws: TrainingWorkspace<S>, rows: Int, logitOutput: Bool) {
        forward(
            input: ws.input, rows: rows, outputs: ws.layerOutputs, logitOutput: logitOutput, modulation: ws.modulation)
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
            S.gemm(
                transposeA: true, transposeB: false, m: s.fanIn, n: s.fanOut, k: n,
                alpha: 1, a: input, lda: s.fanIn, b: delta, ldb: s.fanOut, beta: 0, c: g + s.weightOffset, ldc: s.fanOut
            )
            Self.columnSums(delta, rows: n, columns: s.fanOut, into: g + s.biasOffset)
            guard l > 0 else { break }
            // δₗ₋₁ = (δ · Wᵀ) ⊙ act′(Aₗ₋₁)
            S.gemm(
                transposeA: false, transposeB: true, m: n, n: s.fanIn, k: s.fanOut,
                alpha: 1, a: delta, lda: s.fanOut, b: p + s.weightOffset, ldb: s.fanOut, beta: 0, c: spare, ldc: s.fanIn
            )
            if let m = segments[l - 1].modulation, let modulation = ws.modulation {
                // spare holds ∂L/∂h for h = s ⊙ a + b: the maps' gradients, then ∂L/∂a = ∂L/∂h ⊙ s.
                let a = modulation.activations[l - 1], scale = modulation.scales[l - 1], scratch = modulation.shift
                let theta = UnsafePointer(ws.input) + (architecture.inputCount - m.thetaCount)
                let count = n * s.fanIn
                modulationGradients(
                    m, units: s.fanIn, rows: n, theta: theta, delta: spare, into: g, weightOffset: m.shiftWeightOffset,
                    biasOffset: m.shiftBiasOffset)
                for i in 0..<count { scratch[i] = spare[i] * a[i] }
                modulationGradients(
                    m, units: s.fanIn, rows: n, theta: theta, delta: scratch, into: g,
                    weightOffset: m.scaleWeightOffset,
                    biasOffset: m.scaleBiasOffset)
                for i in 0..<count { spare[i] *= scale[i] }
                segments[l - 1].activation.multiplyByDerivative(spare, output: a, count: count)
            } else {
                segments[l - 1].activation.multiplyByDerivative(spare, output: input, count: n * s.fanIn)
            }
            swap(&delta, &spare)
        }
        return total
    }

    /// One θ map's gradients from ∂L/∂(its output): θᵀ·δ for the weights, column sums for the biases.
    private func modulationGradients(
        _ m: Architecture.ModulationSegment, units: Int, rows n: Int, theta: UnsafePointer<S>,
        delta: UnsafeMutablePointer<S>, into g: UnsafeMutablePointer<S>, weightOffset: Int, biasOffset: Int
    ) {
        S.gemm(
            transposeA: true, transposeB: false, m: m.thetaCount, n: units, k: n, alpha: 1, a: theta,
            lda: architecture.inputCount, b: delta, ldb: units, beta: 0, c: g + weightOffset, ldc: units)
        Self.columnSums(delta, rows: n, columns: units, into: g + biasOffset)
    }

    /// Σ over rows of each column of `delta` (rows × columns) into `sums`.
    static func columnSums(
        _ delta: UnsafeMutablePointer<S>, rows n: Int, columns: Int, into sums: UnsafeMutablePointer<S>
    ) {
        if S.self == Float.self {
            VectorKernels.columnSums(
                UnsafeRawPointer(delta).assumingMemoryBound(to: Float.self), rows: n, columns: columns,
                into: UnsafeMutableRawPointer(sums).assumingMemoryBound(to: Float.self))
        } else {
            for j in 0..<columns { sums[j] = 0 }
            for r in 0..<n {
                let row = delta + r * columns
                for j in 0..<columns { sums[j] += row[j] }
            }
        }
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
    /// An affine-conditioned network's kept activations and scales; nil for a concatenated one.
    let modulation: Modulation<S>?
    /// Each layer's ∂L/∂(output), kept for the whole minibatch when its rows are shared among
    /// threads (``Perceptron/backpropagate(_:rows:batchRows:loss:)``); empty otherwise.
    let layerDeltas: [UnsafeMutablePointer<S>]
    /// wᵢ·ℓᵢ per output value, so that rows computed on several threads are summed in row order.
    let lossTerms: UnsafeMutablePointer<S>

    init(architecture: Architecture, capacity: Int, keepsLayerDeltas: Bool = false) {
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
        layerDeltas = keepsLayerDeltas ? architecture.layers.map { .allocate(capacity: capacity * $0.units) } : []
        lossTerms = .allocate(capacity: capacity * architecture.outputCount)
        if architecture.conditioning.thetaCount > 0 {
            let hidden = architecture.layers.dropLast()
            modulation = Modulation(
                activations: hidden.map { .allocate(capacity: capacity * $0.units) },
                scales: hidden.map { .allocate(capacity: capacity * $0.units) },
                shift: .allocate(capacity: capacity * widest))
        } else {
            modulation = nil
        }
    }

    deinit {
        input.deallocate()
        layerOutputs.forEach { $0.deallocate() }
        deltaA.deallocate()
        deltaB.deallocate()
        labels.deallocate()
        weights.deallocate()
        gradients.deallocate()
        layerDeltas.forEach { $0.deallocate() }
        lossTerms.deallocate()
        if let modulation {
            modulation.activations.forEach { $0.deallocate() }
            modulation.scales.forEach { $0.deallocate() }
            modulation.shift.deallocate()
        }
    }
}
