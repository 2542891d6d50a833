import Foundation

/// A box-constrained minimiser for smooth functions with an analytic gradient and Hessian:
/// projected Newton steps (Bertsekas 1982) with an Armijo backtracking line search.
///
/// Each iteration splits the variables into an active set (at or within ε of a bound with the
/// gradient pushing outward, or fixed by equal bounds) and a free set. The free set takes a full
/// Newton step, the Hessian shifted by λI until its Cholesky factorisation succeeds, so the step
/// is a descent direction even where the function is not convex; active variables take a
/// diagonally scaled gradient step. The trial point is projected on the box and halved back
/// until the Armijo condition holds. Near the minimum the unshifted Newton step is accepted and
/// convergence is quadratic, which is what the HistFactory likelihoods need: a few iterations
/// to machine-level accuracy of the profiled likelihood.
package struct BoundedNewton: Sendable {
    /// The objective at one point: value, gradient, and the Hessian row-major (n × n).
    package struct Evaluation: Sendable {
        package var value: Double
        package var gradient: [Double]
        package var hessian: [Double]
        package init(value: Double, gradient: [Double], hessian: [Double]) {
            self.value = value; self.gradient = gradient; self.hessian = hessian
        }
    }

    package struct Result: Sendable {
        package var x: [Double]
        package var value: Double
        package var iterations: Int
        /// max |x − P(x − ∇f)|, zero exactly at a box-constrained stationary point.
        package var projectedGradientNorm: Double
    }

    package var maxIterations: Int
    /// Converged when the projected gradient's largest component is below this.
    package var gradientTolerance: Double

    package init(maxIterations: Int = 500, gradientTolerance: Double = 1e-9) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
    }

    /// Minimises `objective` over lower ≤ x ≤ upper starting from `start` (projected onto the box).
    ///
    /// - Parameter what: names the problem in errors.
    /// - Throws: ``StatsError`` if bounds are inconsistent, the start is not finite, or no
    ///   convergence within `maxIterations`.
    package func minimize(
        start: [Double], lower: [Double], upper: [Double], what: String,
        objective: ([Double]) -> Evaluation
    ) throws -> Result {
        let n = start.count
        guard lower.count == n else {
            throw StatsError.lengthMismatch(field: "\(what) lower bounds", expected: n, got: lower.count)
        }
        guard upper.count == n else {
            throw StatsError.lengthMismatch(field: "\(what) upper bounds", expected: n, got: upper.count)
        }
        for i in 0..<n where !(lower[i] <= upper[i]) || lower[i].isNaN || upper[i].isNaN {
            throw StatsError.invalidValue(
                field: "\(what) bounds", index: i, value: lower[i], reason: "lower bound above upper bound \(upper[i])")
        }
        func project(_ v: [Double]) -> [Double] { (0..<n).map { min(max(v[$0], lower[$0]), upper[$0]) } }

        var x = project(start)
        var ev = objective(x)
        guard ev.value.isFinite, ev.gradient.count == n, ev.hessian.count == n * n, ev.gradient.allSatisfy(\.isFinite)
        else {
            throw StatsError.invalidValue(
                field: "\(what) start", index: nil, value: ev.value,
                reason: "objective or gradient not finite at the start")
        }
        for iteration in 0..<maxIterations {
            let g = ev.gradient
            let stepped = project((0..<n).map { x[$0] - g[$0] })
            let pgNorm = (0..<n).reduce(0.0) { max($0, abs(x[$1] - stepped[$1])) }
            if pgNorm <= gradientTolerance {
                return Result(x: x, value: ev.value, iterations: iteration, projectedGradientNorm: pgNorm)
            }
            let eps = min(1e-6, pgNorm)
            var free: [Int] = [], active: [Int] = []
            for i in 0..<n {
                let atLower = x[i] - lower[i] <= eps && g[i] > 0
                let atUpper = upper[i] - x[i] <= eps && g[i] < 0
                if atLower || atUpper || lower[i] == upper[i] { active.append(i) } else { free.append(i) }
            }
            var d = [Double](repeating: 0, count: n)
            var shifted = false
            for i in active {
                let h = ev.hessian[i * n + i]
                d[i] = -g[i] / (h > 0 && h.isFinite ? h : 1)
            }
            if !free.isEmpty {
                let m = free.count
                var h = [Double](repeating: 0, count: m * m)
                for (a, i) in free.enumerated() {
                    for (b, j) in free.enumerated() { h[a * m + b] = ev.hessian[i * n + j] }
                }
                let (step, lambda) = Self.dampedNewtonStep(hessian: h, gradient: free.map { g[$0] }, size: m)
                shifted = lambda > 0
                for (a, i) in free.enumerated() { d[i] = step[a] }
            }
            // Backtrack along the projected path until the Armijo condition holds.
            var t = 1.0
            var accepted: (x: [Double], ev: Evaluation)?
            var smallestDecrease = Double.infinity
            for _ in 0..<60 {
                let trial = project((0..<n).map { x[$0] + t * d[$0] })
                let predicted = (0..<n).reduce(0.0) { $0 + g[$1] * (trial[$1] - x[$1]) }
                smallestDecrease = min(smallestDecrease, abs(predicted))
                let te = objective(trial)
                if te.value.isFinite, te.gradient.count == n, te.gradient.allSatisfy(\.isFinite),
                    te.value <= ev.value + 1e-4 * predicted
                {
                    accepted = (trial, te)
                    break
                }
                t *= 0.5
            }
            // Where the Hessian had to be shifted (negative curvature), the step is shorter than the
            // way down: go on along it, doubling, while the objective keeps falling.
            if shifted, t == 1, var best = accepted {
                for _ in 0..<40 {
                    t *= 2
                    let trial = project((0..<n).map { x[$0] + t * d[$0] })
                    let te = objective(trial)
                    guard te.value.isFinite, te.gradient.count == n, te.gradient.allSatisfy(\.isFinite),
                        te.value < best.ev.value, trial != best.x
                    else { break }
                    best = (trial, te)
                }
                accepted = best
            }
            guard let next = accepted else {
                // No decrease is representable any more: the point is a minimum to rounding.
                if smallestDecrease <= 1e-13 * (1 + abs(ev.value)) {
                    return Result(x: x, value: ev.value, iterations: iteration, projectedGradientNorm: pgNorm)
                }
                throw StatsError.notConverged(what: "\(what) line search", iterations: iteration)
            }
            let change = abs(ev.value - next.ev.value)
            let moved = (0..<n).reduce(0.0) { max($0, abs(next.x[$1] - x[$1])) }
            x = next.x
            ev = next.ev
            // Stalled at the rounding floor of the objective: as converged as it can be.
            if change <= 1e-15 * (1 + abs(ev.value)) && moved <= 1e-12 * (1 + x.reduce(0) { max($0, abs($1)) }) {
                let pg = (0..<n).reduce(0.0) {
                    max($0, abs(x[$1] - min(max(x[$1] - ev.gradient[$1], lower[$1]), upper[$1])))
                }
                return Result(x: x, value: ev.value, iterations: iteration + 1, projectedGradientNorm: pg)
            }
        }
        throw StatsError.notConverged(what: what, iterations: maxIterations)
    }

    /// Solves (H + λI) d = −g, raising λ from 0 until the Cholesky factorisation succeeds; the
    /// result is then a descent direction whatever the curvature.
    static func dampedNewtonStep(hessian h: [Double], gradient g: [Double], size m: Int) -> (
        step: [Double], lambda: Double
    ) {
        let scale = (0..<m).reduce(0.0) { max($0, abs(h[$1 * m + $1])) }
        var lambda = 0.0
        while true {
            if let l = cholesky(h, size: m, shift: lambda) {
                // Forward then back substitution with L Lᵀ.
                var y = [Double](repeating: 0, count: m)
                for i in 0..<m {
                    var s = -g[i]
                    for k in 0..<i { s -= l[i * m + k] * y[k] }
                    y[i] = s / l[i * m + i]
                }
                var d = [Double](repeating: 0, count: m)
                for i in stride(from: m - 1, through: 0, by: -1) {
                    var s = y[i]
                    for k in (i + 1)..<m { s -= l[k * m + i] * d[k] }
                    d[i] = s / l[i * m + i]
                }
                return (d, lambda)
            }
            lambda = lambda == 0 ? max(1e-10 * scale, 1e-12) : lambda * 10
            if !lambda.isFinite || lambda > 1e300 { return (g.map { -$0 }, lambda) }
        }
    }

    /// The lower Cholesky factor of A + shift·I, or nil if it is not numerically positive definite.
    static func cholesky(_ a: [Double], size m: Int, shift: Double) -> [Double]? {
        var l = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            var diag = a[j * m + j] + shift
            for k in 0..<j { diag -= l[j * m + k] * l[j * m + k] }
            guard diag > 1e-14 * max(1, abs(a[j * m + j])), diag.isFinite else { return nil }
            let ljj = diag.squareRoot()
            l[j * m + j] = ljj
            for i in (j + 1)..<m {
                var s = a[i * m + j]
                for k in 0..<j { s -= l[i * m + k] * l[j * m + k] }
                l[i * m + j] = s / ljj
            }
        }
        return l
    }
}
