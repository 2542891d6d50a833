import Foundation

/// The update rule that turns gradients into parameter steps.
public enum OptimizerConfig: Codable, Hashable, Sendable {
    /// Stochastic gradient descent with momentum μ (Sutskever et al.):
    /// v ← μv − η·g; classical: θ ← θ + v; Nesterov: θ ← θ + μv − η·g.
    case sgd(learningRate: Double, momentum: Double = 0, nesterov: Bool = false)
    /// Adam (Kingma & Ba) with bias correction.
    case adam(learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    /// The base learning rate that the schedule scales.
    public var learningRate: Double {
        switch self {
        case let .sgd(rate, _, _): return rate
        case let .adam(rate, _, _, _): return rate
        }
    }

    /// How many values of state it keeps per parameter.
    var slotsPerParameter: Int {
        switch self {
        case let .sgd(_, momentum, _): return momentum == 0 ? 0 : 1
        case .adam: return 2
        }
    }

    func validate() throws {
        switch self {
        case let .sgd(rate, momentum, _):
            guard rate > 0, rate.isFinite else {
                throw NNError.invalidConfiguration("learning rate must be positive, found \(rate)")
            }
            guard (0..<1).contains(momentum) else {
                throw NNError.invalidConfiguration("momentum must be in [0, 1), found \(momentum)")
            }
        case let .adam(rate, beta1, beta2, epsilon):
            guard rate > 0, rate.isFinite else {
                throw NNError.invalidConfiguration("learning rate must be positive, found \(rate)")
            }
            guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
                throw NNError.invalidConfiguration("Adam betas must be in [0, 1), found \(beta1), \(beta2)")
            }
            guard epsilon > 0 else {
                throw NNError.invalidConfiguration("Adam epsilon must be positive, found \(epsilon)")
            }
        }
    }
}

/// The optimizer's state for one parameter vector: velocities or Adam moments, and the step count.
final class Optimizer<S: NNScalar> {
    let config: OptimizerConfig
    let weightDecay: S
    let count: Int
    /// `slotsPerParameter × count` values: velocity, or first then second moments.
    let slots: UnsafeMutableBufferPointer<S>
    var step: Int = 0

    init(config: OptimizerConfig, weightDecay: Double, count: Int) {
        self.config = config
        self.weightDecay = S(weightDecay)
        self.count = count
        slots = .allocate(capacity: max(1, config.slotsPerParameter * count))
        slots.initialize(repeating: 0)
    }

    deinit { slots.deallocate() }

    /// Applies one update to all parameters.
    func update(
        parameters: UnsafeMutablePointer<S>, gradients: UnsafeMutablePointer<S>,
        segments: [Architecture.Segment], learningRate: Double
    ) {
        beginStep()
        update(
            parameters: parameters, gradients: gradients, segments: segments, learningRate: learningRate,
            range: 0..<count)
    }

    /// Counts a step; call once per minibatch before the ranged updates of that step.
    func beginStep() { step += 1 }

    /// Updates the parameters in `range` only, so that workers can share one step.
    /// Weight decay (gradient λ·θ, i.e. a penalty λ/2·‖θ‖²) acts on weights, not biases.
    func update(
        parameters: UnsafeMutablePointer<S>, gradients: UnsafeMutablePointer<S>,
        segments: [Architecture.Segment], learningRate: Double, range: Range<Int>
    ) {
        if weightDecay != 0 {
            for s in segments {
                let weights = s.weightOffset..<(s.weightOffset + s.fanIn * s.fanOut)
                let mine = weights.clamped(to: range)
                for i in mine { gradients[i] += weightDecay * parameters[i] }
            }
        }
        let lr = S(learningRate)
        let p = parameters + range.lowerBound, g = gradients + range.lowerBound
        let n = range.count
        switch config {
        case let .sgd(_, momentum, nesterov):
            if momentum == 0 {
                for i in 0..<n { p[i] -= lr * g[i] }
                return
            }
            let mu = S(momentum), v = slots.baseAddress! + range.lowerBound
            if nesterov {
                for i in 0..<n {
                    let step = -lr * g[i]
                    let vi = mu * v[i] + step
                    v[i] = vi
                    p[i] += mu * vi + step
                }
            } else {
                for i in 0..<n {
                    let vi = mu * v[i] - lr * g[i]
                    v[i] = vi
                    p[i] += vi
                }
            }
        case let .adam(_, beta1, beta2, epsilon):
            let m = slots.baseAddress! + range.lowerBound, v = slots.baseAddress! + count + range.lowerBound
            let b1 = S(beta1), b2 = S(beta2), eps = S(epsilon)
            // Bias corrections folded into the step size, computed in Double for accuracy.
            let c1 = 1 - _power(beta1, step), c2 = 1 - _power(beta2, step)
            let alpha = S(learningRate * c2.squareRoot() / c1)
            let epsHat = eps * S(c2.squareRoot())
            for i in 0..<n {
                let gi = g[i]
                let mi = b1 * m[i] + (1 - b1) * gi
                let vi = b2 * v[i] + (1 - b2) * gi * gi
                m[i] = mi
                v[i] = vi
                p[i] -= alpha * mi / (vi.squareRoot() + epsHat)
            }
        }
    }

    private func _power(_ x: Double, _ n: Int) -> Double { Foundation.pow(x, Double(n)) }
}
