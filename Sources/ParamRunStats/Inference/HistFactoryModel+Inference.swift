import Foundation

/// What inference needs of the model beyond its public fit: a fit whose failure names the
/// parameters at a bound where the minimiser stopped.
///
/// The diagnosis reaches the model's internal `evaluate(_:data:derivatives:)`; it lives here, not
/// in the model's files, so that the model and its inference can change apart.
extension HistFactoryModel {

    /// ``fit(data:fixedValues:start:)``, with a fit that does not converge reported as
    /// ``StatsError/fitNotConverged(what:iterations:atBound:)`` naming the free parameters that sit
    /// at a bound where the minimiser stopped.
    ///
    /// - Parameter what: names the fit in errors ("conditional fit at μ = 1 to the observed data").
    func checkedFit(data: Dataset, fixedValues: [Int: Double] = [:], start: [Double]? = nil, what: String) throws
        -> FitResult
    {
        do {
            return try fit(data: data, fixedValues: fixedValues, start: start)
        } catch StatsError.notConverged(_, let iterations) {
            let stopped = lastPointOfFailedFit(data: data, fixedValues: fixedValues, start: start)
            throw StatsError.fitNotConverged(
                what: "\(what) of channel \(channel)", iterations: iterations,
                atBound: parametersAtBound(stopped, fixedValues: fixedValues))
        }
    }

    /// The free parameters within a millionth of their range of a bound at `theta`.
    func parametersAtBound(_ theta: [Double], fixedValues: [Int: Double]) -> [String] {
        var names: [String] = []
        for (i, p) in parameters.enumerated() where !p.fixed && fixedValues[i] == nil && i < theta.count {
            let slack = 1e-6 * max(1, p.upper - p.lower)
            if theta[i] - p.lower <= slack || p.upper - theta[i] <= slack { names.append(p.name) }
        }
        return names
    }

    /// Reruns a minimisation to find where it stops: the best point it evaluated (the minimum, for
    /// a fit that converges).
    /// ``checkedFit(data:fixedValues:start:what:)`` calls it only after a failure, so the second
    /// run costs nothing otherwise.
    func lastPointOfFailedFit(data: Dataset, fixedValues: [Int: Double], start: [Double]?) -> [Double] {
        var lower = parameters.map(\.lower), upper = parameters.map(\.upper)
        var x0 = start ?? initialParameters
        for (i, p) in parameters.enumerated() where p.fixed {
            lower[i] = p.initial; upper[i] = p.initial; x0[i] = p.initial
        }
        for (i, v) in fixedValues where i >= 0 && i < parameters.count {
            lower[i] = v; upper[i] = v; x0[i] = v
        }
        var best = (value: Double.infinity, x: x0)
        _ = try? BoundedNewton().minimize(start: x0, lower: lower, upper: upper, what: "diagnosis") { theta in
            let ev = evaluate(theta, data: data, derivatives: true)
            if ev.value < best.value { best = (ev.value, theta) }
            return ev
        }
        return best.x
    }
}
