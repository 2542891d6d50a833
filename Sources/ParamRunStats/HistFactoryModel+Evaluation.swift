import Foundation

/// −ln L with its exact gradient and Hessian, for the minimiser and for parameter errors.
extension HistFactoryModel {
    /// Per-bin scratch: ∂ν/∂θ for the parameters the bin touches, and which those are.
    struct BinScratch {
        var dNu: [Double]
        var marked: [Bool]
        var touched: [Int] = []
        /// Prefix and suffix products of one entry's factors, for ``fill(_:_:without:)``.
        var prefix: [Double]
        var suffix: [Double]

        init(parameters: Int, factors: Int) {
            dNu = [Double](repeating: 0, count: parameters)
            marked = [Bool](repeating: false, count: parameters)
            prefix = [Double](repeating: 1, count: factors + 1)
            suffix = prefix
        }

        /// Fills prefix[i] = Π of the first i factors of `e` other than factor `a` (a < 0: none left
        /// out), suffix[i] = Π of the rest from the i-th on; returns how many factors that is. The
        /// product of all but a and b is then prefix[i] · suffix[i + 1] with b the i-th: O(K) per a
        /// instead of O(K²), for samples with dozens of normsys.
        mutating func fill(_ e: Layout.Entry, _ t: TermValues, without a: Int) -> Int {
            var m = 0
            prefix[0] = 1
            for k in e.factors where k != a {
                prefix[m + 1] = prefix[m] * t.factor[k]
                m += 1
            }
            suffix[m] = 1
            var i = m
            for k in e.factors.reversed() where k != a {
                suffix[i - 1] = t.factor[k] * suffix[i]
                i -= 1
            }
            return m
        }

        mutating func add(_ p: Int, _ d: Double) {
            if !marked[p] { marked[p] = true; touched.append(p) }
            dNu[p] += d
        }

        mutating func clear() {
            for p in touched { dNu[p] = 0; marked[p] = false }
            touched.removeAll(keepingCapacity: true)
        }
    }

    /// Value, gradient and Hessian of −ln L. Non-physical points (ν ≤ 0 with n > 0) give +∞,
    /// which the minimiser's line search rejects; NaN never escapes.
    func evaluate(_ theta: [Double], data: Dataset, derivatives: Bool) -> BoundedNewton.Evaluation {
        let np = parameters.count
        let t = layout.termValues(theta)
        var value = 0.0
        var gradient = [Double](repeating: 0, count: derivatives ? np : 0)
        var hessian = [Double](repeating: 0, count: derivatives ? np * np : 0)
        var scratch = BinScratch(parameters: derivatives ? np : 0, factors: layout.maximumFactors)
        var bases = [Double](repeating: 0, count: layout.entries.count)
        for bin in 0..<binCount {
            let n = data.main[bin]
            let entries = layout.binStart[bin]..<layout.binStart[bin + 1]
            var nu = 0.0
            for i in entries {
                let e = layout.entries[i]
                let base = t.base(of: e)
                bases[i] = base
                var v = base
                for k in e.factors { v *= t.factor[k] }
                nu += v
                guard derivatives, e.nominal != 0 || !e.shifts.isEmpty else { continue }
                addFirstDerivatives(e, base: base, t, into: &scratch)
            }
            let r: Double, w: Double
            if nu > 0 {
                value += nu - n * Foundation.log(nu) + Foundation.lgamma(n + 1)
                r = 1 - n / nu
                w = n / (nu * nu)
            } else if n > 0 {
                return .init(value: .infinity, gradient: gradient, hessian: hessian)
            } else {
                // n = 0: the Poisson term is ν itself, whatever its sign.
                value += nu
                r = 1
                w = 0
            }
            guard derivatives else { continue }
            for p in scratch.touched { gradient[p] += r * scratch.dNu[p] }
            Self.addOuterProduct(w, scratch, np: np, into: &hessian)
            for i in entries {
                let e = layout.entries[i]
                guard e.nominal != 0 || !e.shifts.isEmpty else { continue }
                addSecondDerivatives(e, base: bases[i], t, r: r, np: np, into: &hessian, scratch: &scratch)
            }
            scratch.clear()
        }
        addConstraints(
            theta, data: data, derivatives: derivatives, value: &value, gradient: &gradient, hessian: &hessian)
        return .init(value: value, gradient: gradient, hessian: hessian)
    }

    /// hessian += w · ∂ν ∂νᵀ over the parameters one bin touches: the innermost loop of a fit,
    /// so written through buffer pointers, without a uniqueness check per element.
    static func addOuterProduct(_ w: Double, _ scratch: BinScratch, np: Int, into hessian: inout [Double]) {
        hessian.withUnsafeMutableBufferPointer { h in
            scratch.dNu.withUnsafeBufferPointer { d in
                for p in scratch.touched {
                    let wp = w * d[p], row = p * np
                    for q in scratch.touched { h[row + q] += wp * d[q] }
                }
            }
        }
    }

    /// ∂ν/∂θ of one sample in one bin: each factor's derivative times the other factors and the
    /// base, and each shift's derivative times all factors; products skip a factor rather than
    /// divide by it, since it may be 0.
    func addFirstDerivatives(_ e: Layout.Entry, base: Double, _ t: TermValues, into scratch: inout BinScratch) {
        if e.factors.count <= Self.sequentialProducts {
            for a in e.factors {
                scratch.add(layout.factors[a].parameter, t.factorFirst[a] * t.product(e, from: base, without: a))
            }
        } else {
            _ = scratch.fill(e, t, without: -1)
            for (i, a) in e.factors.enumerated() {
                let others = base * (scratch.prefix[i] * scratch.suffix[i + 1])
                scratch.add(layout.factors[a].parameter, t.factorFirst[a] * others)
            }
        }
        guard !e.shifts.isEmpty else { return }
        var all = 1.0
        for k in e.factors { all *= t.factor[k] }
        for j in e.shifts { scratch.add(layout.shifts[j].parameter, all * t.shiftFirst[j]) }
    }

    /// r · ∂²ν/∂θ∂θ of one sample in one bin, added to the Hessian (r = 1 − n/ν): factor pairs
    /// (with the base), each factor with each shift, and each shift's own curvature.
    func addSecondDerivatives(
        _ e: Layout.Entry, base: Double, _ t: TermValues, r: Double, np: Int, into hessian: inout [Double],
        scratch: inout BinScratch
    ) {
        guard e.factors.count <= Self.sequentialProducts else {
            addSecondDerivativesByPrefixes(e, base: base, t, r: r, np: np, into: &hessian, scratch: &scratch)
            return
        }
        for a in e.factors {
            let pa = layout.factors[a].parameter
            if t.factorSecond[a] != 0 {
                hessian[pa * np + pa] += r * (t.factorSecond[a] * t.product(e, from: base, without: a))
            }
            for b in (a + 1)..<e.factors.upperBound {
                let pb = layout.factors[b].parameter
                let term = r * (t.factorFirst[a] * t.factorFirst[b] * t.product(e, from: base, without: a, b))
                hessian[pa * np + pb] += term
                hessian[pb * np + pa] += term
            }
        }
        guard !e.shifts.isEmpty else { return }
        var all = 1.0
        for k in e.factors { all *= t.factor[k] }
        for j in e.shifts where t.shiftSecond[j] != 0 {
            let pj = layout.shifts[j].parameter
            hessian[pj * np + pj] += r * all * t.shiftSecond[j]
        }
        for a in e.factors {
            let pa = layout.factors[a].parameter
            let g = r * t.factorFirst[a] * t.product(e, from: 1, without: a)
            for j in e.shifts {
                let pj = layout.shifts[j].parameter
                let term = g * t.shiftFirst[j]
                hessian[pa * np + pj] += term
                hessian[pj * np + pa] += term
            }
        }
    }

    /// Up to this many factors on one sample, products leaving factors out are taken in the
    /// modifiers' order, one multiplication at a time, as the model always did, so small models
    /// keep their bits; beyond it, prefix and suffix products make them O(K) each.
    static let sequentialProducts = 4

    /// ``addSecondDerivatives(_:base:_:r:np:into:scratch:)`` for a sample with many factors.
    func addSecondDerivativesByPrefixes(
        _ e: Layout.Entry, base: Double, _ t: TermValues, r: Double, np: Int, into hessian: inout [Double],
        scratch: inout BinScratch
    ) {
        var all = 1.0
        for k in e.factors { all *= t.factor[k] }
        for j in e.shifts where t.shiftSecond[j] != 0 {
            let pj = layout.shifts[j].parameter
            hessian[pj * np + pj] += r * all * t.shiftSecond[j]
        }
        for (ia, a) in e.factors.enumerated() {
            let pa = layout.factors[a].parameter
            let m = scratch.fill(e, t, without: a)
            let othersWithoutBase = scratch.prefix[m]
            if t.factorSecond[a] != 0 {
                hessian[pa * np + pa] += r * (t.factorSecond[a] * (base * othersWithoutBase))
            }
            // Factor b (b > a) is the (ib − 1)-th of the factors other than a.
            for ib in (ia + 1)..<e.factors.count {
                let b = e.factors.lowerBound + ib
                let pb = layout.factors[b].parameter
                let rest = base * (scratch.prefix[ib - 1] * scratch.suffix[ib])
                let term = r * (t.factorFirst[a] * t.factorFirst[b] * rest)
                hessian[pa * np + pb] += term
                hessian[pb * np + pa] += term
            }
            guard !e.shifts.isEmpty else { continue }
            let g = r * t.factorFirst[a] * othersWithoutBase
            for j in e.shifts {
                let pj = layout.shifts[j].parameter
                let term = g * t.shiftFirst[j]
                hessian[pa * np + pj] += term
                hessian[pj * np + pa] += term
            }
        }
    }

    /// The constraint terms: N(aux | θ, σ) for Gaussian ones, pyhf's continuous Poisson
    /// Pois(aux | γτ) = e^(−γτ) (γτ)^aux / Γ(aux + 1) for a shapesys γ.
    func addConstraints(
        _ theta: [Double], data: Dataset, derivatives: Bool, value: inout Double, gradient: inout [Double],
        hessian: inout [Double]
    ) {
        let np = parameters.count
        let halfLog2Pi = 0.5 * Foundation.log(2 * Double.pi)
        for (i, p) in parameters.enumerated() {
            switch p.constraint {
            case .none:
                continue
            case let .gaussian(sigma):
                let z = (theta[i] - data.aux[i]) / sigma
                value += 0.5 * z * z + Foundation.log(sigma) + halfLog2Pi
                if derivatives {
                    gradient[i] += z / sigma
                    hessian[i * np + i] += 1 / (sigma * sigma)
                }
            case let .poisson(tau):
                let aux = data.aux[i], rate = theta[i] * tau
                if aux == 0 {
                    value += rate + Foundation.lgamma(1)
                } else if rate > 0 {
                    value += rate - aux * Foundation.log(rate) + Foundation.lgamma(aux + 1)
                } else {
                    value = .infinity
                }
                if derivatives && aux != 0 {
                    gradient[i] += tau - aux / theta[i]
                    hessian[i * np + i] += aux / (theta[i] * theta[i])
                } else if derivatives {
                    gradient[i] += tau
                }
            }
        }
    }
}
