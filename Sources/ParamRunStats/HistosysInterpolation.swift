import Foundation

/// How a `histosys` modifier turns its nuisance parameter α into an additive shift of one bin,
/// given the templates `hi` at α = +1 and `lo` at α = −1 around the nominal yield.
///
/// With Δ⁺ = hi − nominal and Δ⁻ = nominal − lo, the shift is δ(α), added to the nominal yield
/// before the sample's multiplicative modifiers apply. pyhf 0.7 defaults histosys to code 4p (its
/// `modifier_settings` default is `{"histosys": {"interpcode": "code4p"}}`); code 0, piecewise
/// linear, is ROOT's classic choice and is kept for comparisons.
public enum HistosysInterpolation: String, Sendable, Codable, CaseIterable {
    /// Piecewise linear: αΔ⁺ for α > 0, αΔ⁻ otherwise; the slope jumps at α = 0.
    case code0
    /// Linear for |α| > 1; inside, αS + α²A(15 − 10α² + 3α⁴) with S = (Δ⁺ + Δ⁻)/2 and
    /// A = (Δ⁺ − Δ⁻)/16, which matches the value and the first two derivatives at α = ±1.
    case code4p

    /// The shift of one bin and its first two derivatives in α.
    struct Curve: Sendable {
        let interpolation: HistosysInterpolation
        /// Δ⁺ = hi − nominal.
        let up: Double
        /// Δ⁻ = nominal − lo.
        let down: Double
        /// (Δ⁺ + Δ⁻) / 2, the slope at α = 0.
        let symmetric: Double
        /// (Δ⁺ − Δ⁻) / 16, the weight of the even polynomial.
        let antisymmetric: Double

        init(interpolation: HistosysInterpolation, nominal: Double, hi: Double, lo: Double) {
            self.interpolation = interpolation
            up = hi - nominal
            down = nominal - lo
            symmetric = 0.5 * (up + down)
            antisymmetric = 0.0625 * (up - down)
        }

        /// δ(α), δ′(α), δ″(α). The branches follow pyhf's comparisons (α > 0 for code 0,
        /// α > 1 and α < −1 for code 4p), so a boundary point takes the same branch there.
        func evaluate(_ alpha: Double) -> (value: Double, first: Double, second: Double) {
            switch interpolation {
            case .code0:
                return alpha > 0 ? (alpha * up, up, 0) : (alpha * down, down, 0)
            case .code4p:
                if alpha > 1 { return (alpha * up, up, 0) }
                if alpha < -1 { return (alpha * down, down, 0) }
                // pyhf's nesting: a²(15 + a²(3a² − 10)) · A + a · S.
                let a2 = alpha * alpha
                let even = a2 * (a2 * (a2 * 3 - 10) + 15)
                let value = even * antisymmetric + alpha * symmetric
                let first = symmetric + antisymmetric * alpha * (30 + a2 * (18 * a2 - 40))
                let second = antisymmetric * (30 + a2 * (90 * a2 - 120))
                return (value, first, second)
            }
        }
    }
}
