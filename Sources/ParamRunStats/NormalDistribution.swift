import Foundation

/// The standard normal distribution's CDF and quantile, from the C library's erfc.
package enum NormalDistribution {
    /// Φ(x), accurate in both tails (erfc avoids the cancellation of 1 − erf).
    package static func cdf(_ x: Double) -> Double { 0.5 * Foundation.erfc(-x / 2.squareRoot()) }

    /// Φ⁻¹(p) for p in (0, 1), solved with ``BrentRoot`` on Φ to full double precision; Φ is
    /// monotone and cheap, and the handful of quantiles a limit needs makes speed irrelevant.
    ///
    /// - Throws: ``StatsError/invalidValue(field:index:value:reason:)`` for p outside (0, 1).
    package static func quantile(_ p: Double) throws -> Double {
        guard p > 0, p < 1 else {
            throw StatsError.invalidValue(
                field: "normal quantile probability", index: nil, value: p, reason: "must be in (0, 1)")
        }
        // Φ(±38.5) is 0 or 1 to double precision, so the root is inside.
        return try BrentRoot.root(in: -38.5, 38.5, xTolerance: 1e-15, what: "normal quantile") { x in
            // Compare in the tail that keeps relative precision.
            x < 0 ? cdf(x) - p : (1 - p) - cdf(-x)
        }
    }
}
