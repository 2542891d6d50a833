import Foundation

/// Brent's bracketed root finder (inverse quadratic interpolation and secant steps, falling back
/// to bisection), as in Brent, "Algorithms for Minimization without Derivatives" (1973), ch. 4.
package enum BrentRoot {
    /// A root of `f` in [a, b], where f(a) and f(b) differ in sign (or one is zero), to within
    /// `xTolerance` + 4ε|x|.
    ///
    /// - Parameter what: names the problem in errors.
    /// - Throws: ``StatsError/noBracket(what:reason:)`` if the ends do not straddle a root or a
    ///   value is NaN; ``StatsError/notConverged(what:iterations:)`` after `maxIterations`.
    package static func root(
        in a: Double, _ b: Double, xTolerance: Double = 1e-12, maxIterations: Int = 200,
        what: String, _ f: (Double) throws -> Double
    ) throws -> Double {
        var a = a, b = b
        var fa = try f(a), fb = try f(b)
        guard !fa.isNaN, !fb.isNaN else {
            throw StatsError.noBracket(what: what, reason: "function is NaN at an end of [\(a), \(b)]")
        }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else {
            throw StatsError.noBracket(what: what, reason: "f(\(a)) = \(fa) and f(\(b)) = \(fb) have the same sign")
        }
        var c = a, fc = fa
        var d = b - a, e = d
        for iteration in 0..<maxIterations {
            if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
            // Keep b the best estimate: |f(b)| ≤ |f(c)|.
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * xTolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                // Interpolate: secant when a == c, inverse quadratic otherwise.
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * m * s
                    q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                // Accept the interpolation only if it stays well inside the bracket and shrinks fast.
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d
                    d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = try f(b)
            guard !fb.isNaN else {
                throw StatsError.noBracket(what: what, reason: "function is NaN at \(b) (iteration \(iteration))")
            }
        }
        throw StatsError.notConverged(what: what, iterations: maxIterations)
    }
}
