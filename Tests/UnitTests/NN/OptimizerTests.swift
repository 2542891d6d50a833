@testable import ParamRunNN
@testable import ParamRunSupport
import Testing

/// One or two optimizer steps on a fixed gradient, against the update rules worked by hand.
@Suite struct OptimizerTests {
    /// One linear unit with one input: parameters [w, b].
    private let architecture = Architecture(inputCount: 1, layers: [LayerShape(units: 1, activation: .linear)])

    private func steps(
        _ config: OptimizerConfig, weightDecay: Double = 0, count: Int, start: [Double] = [1, 1],
        gradient: [Double] = [1, 2], learningRate: Double = 0.1
    ) -> [Double] {
        let optimizer = Optimizer<Double>(config: config, weightDecay: weightDecay, count: 2)
        var parameters = start
        for _ in 0..<count {
            var g = gradient
            parameters.withUnsafeMutableBufferPointer { p in
                g.withUnsafeMutableBufferPointer { gp in
                    optimizer.update(
                        parameters: p.baseAddress!, gradients: gp.baseAddress!, segments: architecture.segments,
                        learningRate: learningRate)
                }
            }
        }
        return parameters
    }

    @Test func plainSGD() {
        let p = steps(.sgd(learningRate: 0.1), count: 2)
        #expect(abs(p[0] - 0.8) < 1e-12 && abs(p[1] - 0.6) < 1e-12)
    }

    @Test("classical momentum: θ₂ = θ₀ − 0.25·g for η = 0.1, μ = 0.5")
    func classicalMomentum() {
        let p = steps(.sgd(learningRate: 0.1, momentum: 0.5), count: 2)
        #expect(abs(p[0] - 0.75) < 1e-12 && abs(p[1] - 0.5) < 1e-12)
    }

    @Test("Nesterov momentum: θ₂ = θ₀ − 0.325·g for η = 0.1, μ = 0.5")
    func nesterovMomentum() {
        let p = steps(.sgd(learningRate: 0.1, momentum: 0.5, nesterov: true), count: 2)
        #expect(abs(p[0] - 0.675) < 1e-12 && abs(p[1] - 0.35) < 1e-12)
    }

    @Test("Adam's first steps move each parameter by about η, whatever the gradient's size")
    func adam() {
        let p = steps(.adam(learningRate: 0.1), count: 1)
        #expect(abs(p[0] - 0.9) < 1e-6 && abs(p[1] - 0.9) < 1e-6)
        let q = steps(.adam(learningRate: 0.1), count: 3)
        #expect(abs(q[0] - 0.7) < 1e-6 && abs(q[1] - 0.7) < 1e-6)
    }

    @Test("weight decay acts on weights, not biases")
    func weightDecay() {
        let p = steps(.sgd(learningRate: 0.1), weightDecay: 0.5, count: 1, start: [2, 2], gradient: [0, 0])
        #expect(abs(p[0] - 1.9) < 1e-12)
        #expect(p[1] == 2)
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, epoch: 7) == 0.1)
        #expect(
            abs(LearningRateSchedule.exponential(factor: 0.89).rate(base: 0.1, epoch: 2) - 0.1 * 0.89 * 0.89) < 1e-15)
        let step = LearningRateSchedule.step(every: 3, factor: 0.5)
        #expect([0, 2, 3, 5, 6].map { step.rate(base: 1, epoch: $0) } == [1, 1, 0.5, 0.5, 0.25])
    }

    @Test("the seeded generator: same seed, same stream; state restores it; uniform and normal moments")
    func generator() throws {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var restored = try SeededGenerator(state: a.state)
        #expect(restored.next() == a.next())
        var sum = 0.0, squares = 0.0
        for _ in 0..<20_000 { let x = a.nextNormal(); sum += x; squares += x * x }
        #expect(abs(sum / 20_000) < 0.03 && abs(squares / 20_000 - 1) < 0.05)
        var indices = Array(0..<100)
        a.shuffle(&indices)
        #expect(indices.sorted() == Array(0..<100) && indices != Array(0..<100))
        #expect(throws: SupportError.self) { try SeededGenerator(state: [0, 0, 0, 0]) }
    }
}
