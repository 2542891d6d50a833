import ParamRunSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Lorentz four-vector (px, py, pz, E) in GeV, metric (+, −, −, −).
package struct FourVector: Equatable, Sendable {
    package var px: Double, py: Double, pz: Double, e: Double

    package init(px: Double, py: Double, pz: Double, e: Double) {
        self.px = px; self.py = py; self.pz = pz; self.e = e
    }

    /// A particle of mass `m` with transverse momentum, rapidity and azimuth.
    package init(pt: Double, rapidity y: Double, phi: Double, mass m: Double) {
        let mt = (m * m + pt * pt).squareRoot()
        self.init(px: pt * cos(phi), py: pt * sin(phi), pz: mt * sinh(y), e: mt * cosh(y))
    }

    /// A particle of mass `m` with momentum `p` along the direction (cos θ, φ).
    package init(momentum p: Double, cosTheta: Double, phi: Double, mass m: Double) {
        let sinTheta = max(0, 1 - cosTheta * cosTheta).squareRoot()
        self.init(
            px: p * sinTheta * cos(phi), py: p * sinTheta * sin(phi), pz: p * cosTheta,
            e: (p * p + m * m).squareRoot())
    }

    package static let zero = FourVector(px: 0, py: 0, pz: 0, e: 0)

    package static func + (a: FourVector, b: FourVector) -> FourVector {
        FourVector(px: a.px + b.px, py: a.py + b.py, pz: a.pz + b.pz, e: a.e + b.e)
    }

    package static func * (a: FourVector, k: Double) -> FourVector {
        FourVector(px: a.px * k, py: a.py * k, pz: a.pz * k, e: a.e * k)
    }

    /// The invariant mass; a slightly negative m² from rounding gives 0, a clearly negative one −√|m²|.
    package var mass: Double {
        let m2 = e * e - px * px - py * py - pz * pz
        return m2 >= 0 ? m2.squareRoot() : -(-m2).squareRoot()
    }

    package var p: Double { (px * px + py * py + pz * pz).squareRoot() }
    package var pt: Double { (px * px + py * py).squareRoot() }
    package var phi: Double { atan2(py, px) }

    /// Pseudorapidity; ±20 along the beam.
    package var eta: Double {
        let pt = self.pt
        if pt < 1e-12 { return pz >= 0 ? 20 : -20 }
        return asinh(pz / pt)
    }

    /// This vector seen from a frame in which a particle moving with `parent`'s velocity is at rest —
    /// i.e. boosts a vector given in `parent`'s rest frame into the frame where `parent` is measured.
    package func boosted(toFrameOf parent: FourVector) -> FourVector {
        let bx = parent.px / parent.e, by = parent.py / parent.e, bz = parent.pz / parent.e
        let b2 = bx * bx + by * by + bz * bz
        if b2 <= 0 { return self }
        let gamma = 1 / (1 - b2).squareRoot()
        let bp = bx * px + by * py + bz * pz
        let g2 = (gamma - 1) / b2
        return FourVector(
            px: px + g2 * bp * bx + gamma * bx * e,
            py: py + g2 * bp * by + gamma * by * e,
            pz: pz + g2 * bp * bz + gamma * bz * e,
            e: gamma * (e + bp))
    }

    /// Two-body decay of `parent` into masses `m1`, `m2`, isotropic in the parent's rest frame.
    package static func decay(
        _ parent: FourVector, into m1: Double, _ m2: Double,
        using rng: inout SeededGenerator
    ) -> (FourVector, FourVector) {
        let m = parent.mass
        let a = m * m - (m1 + m2) * (m1 + m2), b = m * m - (m1 - m2) * (m1 - m2)
        let p = (max(0, a * b)).squareRoot() / (2 * m)
        let cosTheta = 2 * rng.nextUniform() - 1
        let phi = 2 * Double.pi * rng.nextUniform()
        let d1 = FourVector(momentum: p, cosTheta: cosTheta, phi: phi, mass: m1)
        let d2 = FourVector(px: -d1.px, py: -d1.py, pz: -d1.pz, e: (p * p + m2 * m2).squareRoot())
        return (d1.boosted(toFrameOf: parent), d2.boosted(toFrameOf: parent))
    }
}
