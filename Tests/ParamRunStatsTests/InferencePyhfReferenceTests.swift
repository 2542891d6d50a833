import Foundation
import Testing
@testable import ParamRunStats

/// Observed results against pyhf 0.7.6 (numpy backend; scipy for hypotest and upper_limit, minuit
/// for the fit's errors), on a three-bin workspace with a staterror and a normsys: signal
/// [2, 5, 9], background [40, 12, 3], δ = [3, 2, 1], normsys ±10%, with an excess and a deficit.
@Suite struct InferencePyhfReferenceTests {
    struct Reference {
        var observed: [Double]
        var cls: Double
        var clsExpected: [Double]
        /// `upper_limit(data, model, scan=None)` (toms748, rtol 1e-4).
        var limit: Double
        var limitExpected: [Double]
        /// `hypotest(0.0, …, test_stat="q0", return_expected_set=True)`.
        var p0: Double
        var p0Expected: [Double]
        /// pyhf's order: mu, bkg_norm, staterror_sr[0…2]; errors nil where μ̂ sits at its bound 0,
        /// where Minuit's bounded transform flattens μ's direction and so shrinks every error
        /// correlated with it, unlike the inverse Hessian.
        var values: [(String, Double, Double?)]
        var nll: Double
    }

    static let references = [
        Reference(
            observed: [44, 17, 9], cls: 0.21501704578801248,
            clsExpected: [
                1.74914336722541e-05, 0.00026069225009841504, 0.003320686251177447, 0.031391015647411036,
                0.17860233852325783
            ],
            limit: 1.3495656760001888,
            limitExpected: [
                0.3004997722750684, 0.4175547532656412, 0.6104687067034074, 0.9115487518139977, 1.3251601738792367
            ],
            p0: 0.006622694864233999,
            p0Expected: [
                3.703928680452465e-08, 5.9071479376906295e-06, 0.0003611298916904353, 0.008633162281474167,
                0.08364148969786644
            ],
            values: [
                ("mu", 0.709049209543558, 0.3422721641865515), ("bkg_norm", 0.19705597710868286, 0.8537491735133313),
                ("staterror_sr[0]", 1.0078573120872016, 0.0692533057628068),
                ("staterror_sr[1]", 1.0211757239324655, 0.15086015140725795),
                ("staterror_sr[2]", 0.9858554712175671, 0.3303034373939048)
            ], nll: 5.471306925861727),
        Reference(
            observed: [37, 9, 1], cls: 4.613583433047362e-05,
            clsExpected: [
                1.7406379141187335e-06, 3.9346127775183194e-05, 0.0007545705695885306, 0.010601484731192773,
                0.0874991789005312
            ],
            limit: 0.3231711505987549,
            limitExpected: [
                0.23627592227862715, 0.33198646874052296, 0.49350557512051385, 0.7529300986466938, 1.1193271330714514
            ],
            p0: 0.5,
            p0Expected: [
                8.424821074422045e-09, 1.7287730011153175e-06, 0.00013548478736197624, 0.004126012128149166,
                0.05033850632079073
            ],
            values: [
                ("mu", 2.3743393320571106e-07, nil), ("bkg_norm", -0.4440392328247555, nil),
                ("staterror_sr[0]", 0.9945150813069062, nil),
                ("staterror_sr[1]", 0.9458154583975261, nil),
                ("staterror_sr[2]", 0.8194662396983954, nil)
            ], nll: 4.921966530134765)
    ]

    static func model(observed: [Double]) throws -> HistFactoryModel {
        try InferenceLimitTests.model(
            signal: [2, 5, 9], background: [40, 12, 3], delta: [3, 2, 1], u: 0.1, observed: observed)
    }

    @Test(arguments: [0, 1])
    func clsLimitsAndP0MatchPyhf(index: Int) throws {
        let ref = Self.references[index]
        let calc = try AsymptoticCalculator(model: Self.model(observed: ref.observed))
        let cls = try calc.cls(mu: 1)
        #expect(abs(cls.clsObserved / ref.cls - 1) < 1e-5)
        // pyhf's scipy fits stop at SLSQP's tolerance, a few 1e-5 of the smallest tail probabilities.
        for (ours, theirs) in zip(cls.clsExpected, ref.clsExpected) { #expect(abs(ours / theirs - 1) < 1e-4) }
        let limit = try calc.upperLimit()
        // pyhf's toms748 stops at a relative tolerance of 1e-4.
        #expect(abs(limit.observed / ref.limit - 1) < 2e-4)
        for (ours, theirs) in zip(limit.expected.ordered, ref.limitExpected) { #expect(abs(ours / theirs - 1) < 2e-4) }
        let discovery = try calc.discovery()
        #expect(abs(discovery.p0Observed - ref.p0) < 1e-6)
        for (ours, theirs) in zip(discovery.p0ExpectedSet, ref.p0Expected) { #expect(abs(ours / theirs - 1) < 1e-4) }
    }

    @Test(arguments: [0, 1])
    func fitMatchesPyhfWithMinuit(index: Int) throws {
        let ref = Self.references[index]
        let fit = try AsymptoticCalculator(model: Self.model(observed: ref.observed)).fit()
        // The deficit holds μ̂ at 0; the excess leaves every parameter inside its bounds.
        #expect(fit.atBound == (index == 1 ? ["mu"] : []))
        // Minuit stops at its EDM tolerance, a little above the minimum Newton reaches.
        #expect(fit.nll <= ref.nll + 1e-12 && ref.nll - fit.nll < 1e-4)
        for (name, value, error) in ref.values {
            let ours = try #require(fit[name], "\(name)")
            // The criterion: within 0.01 of the error (or 1%, whichever is looser).
            #expect(abs(ours.value - value) < max(0.01 * ours.error, 0.01 * abs(value)), "\(name)")
            // Minuit's HESSE differentiates numerically at its own minimum: agreement to 1%.
            if let error { #expect(abs(ours.error / error - 1) < 1e-2, "\(name)") }
        }
    }
}
