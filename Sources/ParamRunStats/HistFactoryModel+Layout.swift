import Foundation

/// The model flattened for evaluation: per bin, the samples' nominal yields with the indices of
/// the multiplicative factors and additive shifts that act on them, so that an evaluation walks
/// flat arrays and allocates only its scratch space.
extension HistFactoryModel {
    struct Layout: Sendable {
        /// A multiplicative factor: θ[parameter] itself (normfactor, lumi, γ) when `curve` < 0,
        /// else normsys curve `curve` evaluated at θ[parameter].
        struct Factor: Sendable {
            let parameter: Int
            let curve: Int
        }

        /// A histosys shift of one bin of one sample.
        struct Shift: Sendable {
            let parameter: Int
            let curve: HistosysInterpolation.Curve
        }

        /// One sample in one bin: ν = (Π factors) · (nominal + Σ shifts).
        struct Entry: Sendable {
            let nominal: Double
            let factors: Range<Int>
            let shifts: Range<Int>
        }

        var entries: [Entry] = []
        /// Bin b's entries are entries[binStart[b]..<binStart[b + 1]].
        var binStart: [Int] = [0]
        var factors: [Factor] = []
        var shifts: [Shift] = []
        var normsysCurves: [NormsysInterpolation.Curve] = []
        /// The most factors on one entry, which sizes the evaluation's scratch products.
        var maximumFactors = 0

        /// Appends one bin's entries, each a nominal yield with its factors and shifts.
        mutating func appendBin(_ samples: [(nominal: Double, factors: [Factor], shifts: [Shift])]) {
            for sample in samples {
                let f = factors.count, s = shifts.count
                factors.append(contentsOf: sample.factors)
                shifts.append(contentsOf: sample.shifts)
                entries.append(Entry(nominal: sample.nominal, factors: f..<factors.count, shifts: s..<shifts.count))
                maximumFactors = max(maximumFactors, sample.factors.count)
            }
            binStart.append(entries.count)
        }

        /// The value, first and second derivative of every factor and every shift at `theta`;
        /// each normsys curve is evaluated once, however many bins it spans.
        func termValues(_ theta: [Double]) -> TermValues {
            var curves = [(value: Double, first: Double, second: Double)](
                repeating: (0, 0, 0), count: normsysCurves.count)
            var t = TermValues(factorCount: factors.count, shiftCount: shifts.count)
            var done = [Bool](repeating: false, count: normsysCurves.count)
            for (k, factor) in factors.enumerated() {
                if factor.curve < 0 {
                    t.factor[k] = theta[factor.parameter]
                    t.factorFirst[k] = 1
                    continue
                }
                if !done[factor.curve] {
                    curves[factor.curve] = normsysCurves[factor.curve].evaluate(theta[factor.parameter])
                    done[factor.curve] = true
                }
                let e = curves[factor.curve]
                t.factor[k] = e.value
                t.factorFirst[k] = e.first
                t.factorSecond[k] = e.second
            }
            // Thousands of histosys bins in a published likelihood: filled through buffer pointers.
            t.shift.withUnsafeMutableBufferPointer { value in
                t.shiftFirst.withUnsafeMutableBufferPointer { first in
                    t.shiftSecond.withUnsafeMutableBufferPointer { second in
                        for (j, shift) in shifts.enumerated() {
                            let e = shift.curve.evaluate(theta[shift.parameter])
                            value[j] = e.value
                            first[j] = e.first
                            second[j] = e.second
                        }
                    }
                }
            }
            return t
        }

        /// Expected main counts per bin.
        func expectedMain(_ theta: [Double]) -> [Double] {
            let t = termValues(theta)
            return (0..<(binStart.count - 1)).map { bin in
                var nu = 0.0
                for e in entries[binStart[bin]..<binStart[bin + 1]] { nu += t.yield(of: e) }
                return nu
            }
        }
    }

    /// Factor and shift values with their derivatives, by term index.
    struct TermValues {
        var factor: [Double]
        var factorFirst: [Double]
        var factorSecond: [Double]
        var shift: [Double]
        var shiftFirst: [Double]
        var shiftSecond: [Double]

        init(factorCount: Int, shiftCount: Int) {
            factor = [Double](repeating: 0, count: factorCount)
            factorFirst = factor
            factorSecond = factor
            shift = [Double](repeating: 0, count: shiftCount)
            shiftFirst = shift
            shiftSecond = shift
        }

        /// nominal + Σ shifts.
        func base(of e: Layout.Entry) -> Double {
            var base = e.nominal
            for j in e.shifts { base += shift[j] }
            return base
        }

        /// (Π factors) · base, multiplied in the modifiers' order.
        func yield(of e: Layout.Entry) -> Double {
            var v = base(of: e)
            for k in e.factors { v *= factor[k] }
            return v
        }

        /// `base` times every factor of `e` but `a` and `b` (pass −1 to skip fewer).
        func product(_ e: Layout.Entry, from base: Double, without a: Int, _ b: Int = -1) -> Double {
            var v = base
            for c in e.factors where c != a && c != b { v *= factor[c] }
            return v
        }
    }
}
