/// The covariance of a fit's free parameters: the inverse of the Hessian of −ln L restricted to
/// them, through its Cholesky factor, so a Hessian that is not positive definite is caught at the
/// pivot where it fails rather than inverted into negative variances.
enum CovarianceMatrix {
    /// The inverse of `hessian` (row-major, n × n) on the rows and columns in `free`, embedded in an
    /// n × n matrix with zeros elsewhere.
    ///
    /// - Parameters:
    ///   - names: the parameters' names, for the error.
    ///   - what: names the fit in errors.
    /// - Throws: ``StatsError/singularHessian(what:parameter:)`` naming the free parameter whose
    ///   pivot is not positive.
    static func inverse(hessian: [Double], size n: Int, free: [Int], names: [String], what: String) throws
        -> [Double]
    {
        let m = free.count
        var l = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            var diag = hessian[free[j] * n + free[j]]
            for k in 0..<j { diag -= l[j * m + k] * l[j * m + k] }
            // Relative to the diagonal itself: a pivot this small is a flat direction to rounding.
            guard diag.isFinite, diag > 1e-13 * abs(hessian[free[j] * n + free[j]]), diag > 0 else {
                throw StatsError.singularHessian(what: what, parameter: names[free[j]])
            }
            let ljj = diag.squareRoot()
            l[j * m + j] = ljj
            for i in (j + 1)..<m {
                var s = hessian[free[i] * n + free[j]]
                for k in 0..<j { s -= l[i * m + k] * l[j * m + k] }
                l[i * m + j] = s / ljj
            }
        }
        // L⁻¹ column by column (lower triangular), then (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹.
        var inv = [Double](repeating: 0, count: m * m)
        for c in 0..<m {
            inv[c * m + c] = 1 / l[c * m + c]
            for i in (c + 1)..<m {
                var s = 0.0
                for k in c..<i { s -= l[i * m + k] * inv[k * m + c] }
                inv[i * m + c] = s / l[i * m + i]
            }
        }
        var covariance = [Double](repeating: 0, count: n * n)
        for a in 0..<m {
            for b in 0...a {
                var s = 0.0
                for k in a..<m { s += inv[k * m + a] * inv[k * m + b] }
                covariance[free[a] * n + free[b]] = s
                covariance[free[b] * n + free[a]] = s
            }
        }
        return covariance
    }
}
