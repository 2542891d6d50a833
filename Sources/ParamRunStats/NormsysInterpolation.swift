import Foundation

/// How a `normsys` modifier turns its nuisance parameter α into a multiplicative factor,
/// given the factors `hi` at α = +1 and `lo` at α = −1.
///
/// pyhf 0.7's `Model` defaults normsys to code 4 (its `modifier_settings` default is
/// `{"normsys": {"interpcode": "code4"}}`), so that is the default here too; code 1 is kept
/// because it is the textbook HistFactory choice and is what ROOT used for years.
public enum NormsysInterpolation: String, Sendable, Codable, CaseIterable {
    /// Exponential everywhere: hi^α for α ≥ 0, lo^(−α) for α < 0.
    case code1
    /// Exponential for |α| ≥ 1; inside, 1 + Σ₁⁶ aₖαᵏ with the aₖ chosen so the value and the
    /// first two derivatives are continuous at α = ±1.
    case code4

    /// The factor and its first two derivatives in α, for one modifier.
    struct Curve: Sendable {
        let interpolation: NormsysInterpolation
        let logHi: Double
        let logLo: Double
        /// a₁…a₆ of the code-4 polynomial; empty for code 1.
        let coefficients: [Double]

        /// - Precondition: hi and lo are finite and positive (the model checks this first).
        init(interpolation: NormsysInterpolation, hi: Double, lo: Double) {
            self.interpolation = interpolation
            logHi = Foundation.log(hi)
            logLo = Foundation.log(lo)
            coefficients =
                interpolation == .code4 ? Self.code4Coefficients(hi: hi, lo: lo, logHi: logHi, logLo: logLo) : []
        }

        func evaluate(_ alpha: Double) -> (value: Double, first: Double, second: Double) {
            if interpolation == .code1 || abs(alpha) >= 1 {
                if alpha >= 0 {
                    let f = Foundation.exp(alpha * logHi)
                    return (f, f * logHi, f * logHi * logHi)
                }
                let f = Foundation.exp(-alpha * logLo)
                return (f, -f * logLo, f * logLo * logLo)
            }
            var power = InlineArray<7, Double>(repeating: 1) // α⁰ … α⁶, without a heap allocation
            for k in 1...6 { power[k] = power[k - 1] * alpha }
            var p = 1.0, dp = 0.0, ddp = 0.0
            for k in 1...6 {
                let a = coefficients[k - 1]
                p += a * power[k]
                dp += Double(k) * a * power[k - 1]
                if k >= 2 { ddp += Double(k * (k - 1)) * a * power[k - 2] }
            }
            return (p, dp, ddp)
        }

        /// Solves the six matching conditions at α = ±1 for a₁…a₆.
        static func code4Coefficients(hi: Double, lo: Double, logHi: Double, logLo: Double) -> [Double] {
            // Rows: P(1)−1, P(−1)−1, P'(1), P'(−1), P''(1), P''(−1), with P = 1 + Σ aₖ αᵏ.
            var a = [[Double]](repeating: [Double](repeating: 0, count: 7), count: 6)
            for k in 1...6 {
                let sign = k % 2 == 0 ? 1.0 : -1.0 // (−1)^k
                a[0][k - 1] = 1
                a[1][k - 1] = sign
                a[2][k - 1] = Double(k)
                a[3][k - 1] = -Double(k) * sign // k (−1)^(k−1)
                a[4][k - 1] = Double(k * (k - 1))
                a[5][k - 1] = Double(k * (k - 1)) * sign // k(k−1)(−1)^(k−2)
            }
            a[0][6] = hi - 1
            a[1][6] = lo - 1
            a[2][6] = hi * logHi
            a[3][6] = -lo * logLo
            a[4][6] = hi * logHi * logHi
            a[5][6] = lo * logLo * logLo
            // Gaussian elimination with partial pivoting; the matrix is fixed and well conditioned.
            for col in 0..<6 {
                var pivot = col
                for r in col..<6 where abs(a[r][col]) > abs(a[pivot][col]) { pivot = r }
                a.swapAt(col, pivot)
                for r in 0..<6 where r != col {
                    let factor = a[r][col] / a[col][col]
                    for c in col..<7 { a[r][c] -= factor * a[col][c] }
                }
            }
            return (0..<6).map { a[$0][6] / a[$0][$0] }
        }
    }
}
