@testable import ParamRunNN
@testable import ParamRunSupport
import Testing

/// Backpropagated gradients against central finite differences, in Double through dgemm.
@Suite struct GradientCheckTests {
    /// Σ wᵢℓᵢ / n at the current parameters, by a forward pass and the loss only.
    private func loss(_ net: Perceptron<Double>, _ ws: TrainingWorkspace<Double>, rows: Int, loss: Loss) -> Double {
        net.forward(ws, rows: rows, logitOutput: loss == .binaryCrossEntropy)
        return net.backward(ws, rows: rows, loss: loss) / Double(rows)
    }

    private func check(architecture: Architecture, loss lossKind: Loss, rows: Int, seed: UInt64) -> Double {
        var generator = SeededGenerator(seed: seed)
        let net = Perceptron<Double>(architecture: architecture)
        Initialization.glorotUniform.initialize(net.parameters, architecture: architecture, generator: &generator)
        // Non-zero biases, so that their gradients are exercised away from the symmetric start.
        for s in architecture.segments {
            for j in 0..<s.fanOut { net.parameters[s.biasOffset + j] = 0.2 * generator.nextNormal() }
            // θ maps away from their identity start, so that every term of their gradient counts.
            if let m = s.modulation {
                for i in m.scaleWeightOffset..<(m.shiftBiasOffset + s.fanOut) {
                    net.parameters[i] += 0.3 * generator.nextNormal()
                }
            }
        }
        let ws = TrainingWorkspace<Double>(architecture: architecture, capacity: rows)
        for i in 0..<(rows * architecture.inputCount) { ws.input[i] = generator.nextNormal() }
        for i in 0..<(rows * architecture.outputCount) {
            ws.labels[i] =
                lossKind == .binaryCrossEntropy ? Double(generator.nextIndex(below: 2)) : generator.nextNormal()
        }
        for r in 0..<rows { ws.weights[r] = 0.5 + generator.nextUniform() }

        net.forward(ws, rows: rows, logitOutput: lossKind == .binaryCrossEntropy)
        _ = net.backward(ws, rows: rows, loss: lossKind)
        let analytic = Array(ws.gradients)

        let probe = TrainingWorkspace<Double>(architecture: architecture, capacity: rows)
        probe.input.update(from: ws.input, count: rows * architecture.inputCount)
        probe.labels.update(from: ws.labels, count: rows * architecture.outputCount)
        probe.weights.update(from: ws.weights, count: rows)
        let h = 1e-6
        var worst = 0.0
        for p in 0..<architecture.parameterCount {
            let saved = net.parameters[p]
            net.parameters[p] = saved + h
            let up = loss(net, probe, rows: rows, loss: lossKind)
            net.parameters[p] = saved - h
            let down = loss(net, probe, rows: rows, loss: lossKind)
            net.parameters[p] = saved
            let numeric = (up - down) / (2 * h)
            let scale = max(abs(numeric), abs(analytic[p]), 1e-6)
            worst = max(worst, abs(numeric - analytic[p]) / scale)
        }
        return worst
    }

    @Test("every activation and cross-entropy from the logit, with example weights")
    func crossEntropyThroughAllActivations() {
        let architecture = Architecture(
            inputCount: 3,
            layers: [
                LayerShape(units: 5, activation: .relu), LayerShape(units: 4, activation: .tanh),
                LayerShape(units: 4, activation: .sigmoid), LayerShape(units: 3, activation: .linear),
                LayerShape(units: 1, activation: .sigmoid)
            ])
        let worst = check(architecture: architecture, loss: .binaryCrossEntropy, rows: 7, seed: 1)
        #expect(worst < 1e-3, "worst relative error \(worst)")
    }

    @Test("affine conditioning on one or two θ columns, through every activation", arguments: [1, 2])
    func affineConditioning(thetaCount: Int) {
        let architecture = Architecture(
            inputCount: 4,
            layers: [
                LayerShape(units: 5, activation: .relu), LayerShape(units: 4, activation: .tanh),
                LayerShape(units: 3, activation: .sigmoid), LayerShape(units: 3, activation: .linear),
                LayerShape(units: 1, activation: .sigmoid)
            ], conditioning: .affine(thetaCount: thetaCount))
        #expect(
            architecture.parameterCount == 4 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3 + 3 + 1 + 2 * (thetaCount + 1)
                * (5 + 4 + 3 + 3))
        let worst = check(architecture: architecture, loss: .binaryCrossEntropy, rows: 7, seed: 4)
        #expect(worst < 1e-3, "worst relative error \(worst)")
        let squared = check(architecture: architecture, loss: .meanSquaredError, rows: 6, seed: 5)
        #expect(squared < 1e-3, "worst relative error \(squared)")
    }

    @Test("mean squared error through each output activation", arguments: Activation.allCases)
    func squaredError(output: Activation) {
        let architecture = Architecture(
            inputCount: 4,
            layers: [
                LayerShape(units: 6, activation: .tanh), LayerShape(units: 5, activation: .relu),
                LayerShape(units: 2, activation: output)
            ])
        let worst = check(architecture: architecture, loss: .meanSquaredError, rows: 5, seed: 2)
        #expect(worst < 1e-3, "worst relative error \(worst)")
    }

    @Test("the Float path (SIMD relu, sgemm) agrees with the Double path")
    func floatMatchesDouble() {
        // Widths that are not multiples of the SIMD width exercise the scalar tails.
        let architecture = Architecture(inputCount: 5, hidden: [19, 35], activation: .relu)
        let rows = 9
        var generator = SeededGenerator(seed: 3)
        let double = Perceptron<Double>(architecture: architecture)
        Initialization.heNormal.initialize(double.parameters, architecture: architecture, generator: &generator)
        for s in architecture.segments {
            for j in 0..<s.fanOut { double.parameters[s.biasOffset + j] = 0.1 * generator.nextNormal() }
        }
        let single = Perceptron<Float>(architecture: architecture)
        for i in 0..<architecture.parameterCount { single.parameters[i] = Float(double.parameters[i]) }
        let wd = TrainingWorkspace<Double>(architecture: architecture, capacity: rows)
        let wf = TrainingWorkspace<Float>(architecture: architecture, capacity: rows)
        for i in 0..<(rows * 5) {
            let x = Float(generator.nextNormal())
            wf.input[i] = x
            wd.input[i] = Double(x)
        }
        for r in 0..<rows {
            wd.labels[r] = Double(r % 2); wf.labels[r] = Float(r % 2)
            wd.weights[r] = 1; wf.weights[r] = 1
        }
        double.forward(input: wd.input, rows: rows, outputs: wd.layerOutputs, logitOutput: true)
        single.forward(input: wf.input, rows: rows, outputs: wf.layerOutputs, logitOutput: true)
        let ld = double.backward(wd, rows: rows, loss: .binaryCrossEntropy)
        let lf = single.backward(wf, rows: rows, loss: .binaryCrossEntropy)
        #expect(abs(Double(lf) - ld) / ld < 1e-5)
        var worst = 0.0
        for i in 0..<architecture.parameterCount {
            let d = wd.gradients[i], f = Double(wf.gradients[i])
            worst = max(worst, abs(d - f) / max(abs(d), 1e-4))
        }
        #expect(worst < 1e-3, "worst relative difference \(worst)")
    }

    @Test("cross-entropy stays finite and exact at saturated logits")
    func saturatedLogits() {
        let loss = Loss.binaryCrossEntropy
        #expect(loss.value(stored: Float(200), label: 1) == 0)
        #expect(loss.value(stored: Float(-200), label: 1) == 200)
        #expect(loss.value(stored: Float(200), label: 0) == 200)
        #expect(loss.derivative(stored: Float(-200), label: 1) == -1)
        #expect(Activation.logistic(Float(-200)) == 0)
        #expect(Activation.logistic(Float(200)) == 1)
    }
}
