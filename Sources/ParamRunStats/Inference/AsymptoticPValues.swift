/// The p-values of pyhf 0.7's `AsymptoticCalculator` (base distribution "normal"), from the square
/// roots of the test statistic on the data, √q, and on the Asimov data, √q_A.
///
/// pyhf works in −μ̂/σ space: the test statistic's value is t = √q − √q_A for q_μ and q₀; for
/// q̃_μ it is the same while √q < √q_A, and (q − q_A)/(2√q_A) beyond, where q̃_μ's distribution
/// changes form (Cowan et al. 2011, eq. 65). Under s+b, t is N(−√q_A, 1); under b-only, N(0, 1).
/// So CL_{s+b} = Φ(−(t + √q_A)), CL_b = Φ(−t), CLs = CL_{s+b}/CL_b. The expected set takes t at
/// the b-only distribution's n-σ points, n = 2, 1, 0, −1, −2 in that order (pyhf's), so element 0 is
/// the −2σ edge (the smallest CLs) and element 2 the median.
package enum AsymptoticPValues {
    /// pyhf's n for the expected set, in its order: −2σ, −1σ, median, +1σ, +2σ.
    package static let expectedSigmas: [Double] = [2, 1, 0, -1, -2]

    /// pyhf's value of the q̃_μ test statistic in −μ̂/σ space, with its branch at √q = √q_A.
    package static func qTildeStatistic(sqrtQ: Double, sqrtQA: Double) -> Double {
        if sqrtQ < sqrtQA { return sqrtQ - sqrtQA }
        return (sqrtQ * sqrtQ - sqrtQA * sqrtQA) / (2 * sqrtQA)
    }

    /// (CL_{s+b}, CL_b, CLs) at test statistic value `t`. Where CL_b underflows to 0, t is beyond
    /// 38σ and CL_{s+b} ≤ CL_b, so CLs is 0 (its limit), never 0/0.
    package static func pValues(statistic t: Double, sqrtQA: Double) -> (clsb: Double, clb: Double, cls: Double) {
        let clsb = NormalDistribution.cdf(-(t + sqrtQA))
        let clb = NormalDistribution.cdf(-t)
        return (clsb, clb, clb > 0 ? clsb / clb : 0)
    }

    /// The observed (CL_{s+b}, CL_b, CLs) for q̃_μ.
    ///
    /// - Throws: ``StatsError/invalidValue(field:index:value:reason:)`` when √q_A = 0: the Asimov
    ///   data do not tell μ from μ̂, the test has no power there, and pyhf's value is NaN.
    package static func observedQTilde(sqrtQ: Double, sqrtQA: Double, mu: Double) throws
        -> (clsb: Double, clb: Double, cls: Double)
    {
        guard sqrtQA > 0, sqrtQA.isFinite, sqrtQ.isFinite else {
            throw StatsError.invalidValue(
                field: "q̃_μ on the Asimov data at μ = \(mu)", index: nil, value: sqrtQA * sqrtQA,
                reason: "CLs needs it > 0; the model cannot tell this μ from the best fit (pyhf gives NaN)")
        }
        return pValues(statistic: qTildeStatistic(sqrtQ: sqrtQ, sqrtQA: sqrtQA), sqrtQA: sqrtQA)
    }

    /// The expected CLs set, −2σ … +2σ in pyhf's order: Φ(−n − √q_A)/Φ(−n).
    package static func expectedCLs(sqrtQA: Double) -> [Double] {
        expectedSigmas.map { n in NormalDistribution.cdf(-n - sqrtQA) / NormalDistribution.cdf(-n) }
    }

    /// The expected CL_{s+b} set (pyhf's expected p₀ set for q₀): Φ(−n − √q_A).
    package static func expectedCLsb(sqrtQA: Double) -> [Double] {
        expectedSigmas.map { n in NormalDistribution.cdf(-n - sqrtQA) }
    }
}
