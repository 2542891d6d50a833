/// How the learning rate changes from epoch to epoch.
public enum LearningRateSchedule: Codable, Hashable, Sendable {
    /// The base rate throughout.
    case constant
    /// base × factor^epoch; the paper multiplies by 0.89 after each epoch.
    case exponential(factor: Double)
    /// base × factor^⌊epoch / every⌋.
    case step(every: Int, factor: Double)

    /// The rate for `epoch`, counted from 0.
    public func rate(base: Double, epoch: Int) -> Double {
        switch self {
        case .constant: return base
        case let .exponential(factor): return base * pow(factor, epoch)
        case let .step(every, factor): return base * pow(factor, epoch / max(every, 1))
        }
    }

    private func pow(_ x: Double, _ n: Int) -> Double {
        // Repeated multiplication keeps the result identical across platforms' libm.
        var result = 1.0
        for _ in 0..<n { result *= x }
        return result
    }
}
