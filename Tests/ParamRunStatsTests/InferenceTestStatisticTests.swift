import Foundation
import Testing
@testable import ParamRunStats

/// The test statistics and p-values of ``AsymptoticCalculator`` against closed forms on a one-bin
/// counting experiment with no nuisance parameters: n observed, b background, μs signal.
@Suite struct InferenceTestStatisticTests {
    /// One bin, signal scaled by `mu`, a background with no modifiers, `n` observed.
    static func countingModel(s: Double, b: Double, n: Double) throws -> HistFactoryModel {
        let ws = HistFactoryWorkspace(
            channels: [
                .init(
                    name: "sr",
                    samples: [
                        .init(name: "signal", data: [s], modifiers: [.normfactor("mu")]),
                        .init(name: "background", data: [b], modifiers: [])
                    ])
            ],
            measurements: [.init(name: "m", config: .init(poi: "mu", parameters: []))],
            observations: [.init(name: "sr", data: [n])])
        return try HistFactoryModel(workspace: ws)
    }

    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }

    /// −2 ln [Pois(n | μs + b) / Pois(n | μ̂s + b)] with μ̂ = max(0, (n − b)/s).
    static func t(mu: Double, s: Double, b: Double, n: Double) -> Double {
        let muHat = max(0, (n - b) / s)
        let nu = mu * s + b, nuHat = muHat * s + b
        return 2 * ((nu - nuHat) - n * log(nu / nuHat))
    }

    @Test(arguments: [(5.0, 20.0, 31.0), (2.0, 3.0, 9.0), (10.0, 100.0, 100.0), (4.0, 10.0, 7.0)])
    func q0AndZMatchTheCountingFormula(s: Double, b: Double, n: Double) throws {
        let result = try AsymptoticCalculator(model: Self.countingModel(s: s, b: b, n: n)).discovery()
        // q₀ = 2(n ln(n/b) − (n − b)) for an excess, 0 for a deficit (μ̂ is held at 0).
        let q0 = n > b ? 2 * (n * log(n / b) - (n - b)) : 0
        #expect(abs(result.q0Observed - q0) < 1e-7 * max(1, q0))
        #expect(abs(result.zObserved - q0.squareRoot()) < 1e-6)
        #expect(abs(result.p0Observed - Self.phi(-q0.squareRoot())) < 1e-8)
        // The μ = 1 Asimov data are s + b: q₀,A = 2((s + b) ln(1 + s/b) − s).
        let q0A = 2 * ((s + b) * log1p(s / b) - s)
        #expect(abs(result.q0Asimov / q0A - 1) < 1e-7)
        #expect(abs(result.zExpected - q0A.squareRoot()) < 1e-7)
        #expect(abs(result.p0Expected - Self.phi(-q0A.squareRoot())) < 1e-9)
        #expect(result.p0ExpectedSet == result.p0ExpectedSet.sorted())
        #expect(result.p0ExpectedSet[2] == result.p0Expected)
    }

    @Test(arguments: [(5.0, 20.0, 23.0), (5.0, 20.0, 12.0), (3.0, 10.0, 2.0), (8.0, 50.0, 61.0)])
    func qTildeAndCLsMatchTheHandComputation(s: Double, b: Double, n: Double) throws {
        let calc = try AsymptoticCalculator(model: Self.countingModel(s: s, b: b, n: n))
        for mu in [0.5, 1.0, 2.5] {
            let result = try calc.cls(mu: mu)
            let muHat = max(0, (n - b) / s)
            let q = muHat > mu ? 0 : Self.t(mu: mu, s: s, b: b, n: n)
            // The background-only Asimov data are b itself: q_A = 2(μs − b ln(1 + μs/b)).
            let qA = 2 * (mu * s - b * log1p(mu * s / b))
            #expect(abs(result.qTildeObserved - q) < 1e-7 * max(1, q))
            #expect(abs(result.qTildeAsimov / qA - 1) < 1e-7)
            // pyhf's branch: t = √q − √q_A below √q_A, (q − q_A)/(2√q_A) above.
            let sq = q.squareRoot(), sqA = qA.squareRoot()
            let stat = sq < sqA ? sq - sqA : (q - qA) / (2 * sqA)
            let clsb = Self.phi(-(stat + sqA)), clb = Self.phi(-stat)
            #expect(abs(result.clsbObserved - clsb) < 1e-7)
            #expect(abs(result.clbObserved - clb) < 1e-7)
            #expect(abs(result.clsObserved / (clsb / clb) - 1) < 1e-6)
            for (k, nSigma) in [2.0, 1, 0, -1, -2].enumerated() {
                let expected = Self.phi(-nSigma - sqA) / Self.phi(-nSigma)
                #expect(abs(result.clsExpected[k] / expected - 1) < 1e-6)
            }
        }
    }

    @Test func theQTildeBranchesMeetWhereTheySwitch() {
        // Below √q_A the statistic is √q − √q_A; above, (q − q_A)/(2√q_A); both are 0 at √q = √q_A,
        // and the upper branch grows as q/2√q_A, so a deficit far below the Asimov expectation
        // gives a larger statistic (a smaller CLs) than √q − √q_A would.
        let sqA = 1.7
        #expect(AsymptoticPValues.qTildeStatistic(sqrtQ: 0, sqrtQA: sqA) == -sqA)
        #expect(AsymptoticPValues.qTildeStatistic(sqrtQ: 1, sqrtQA: sqA) == 1 - sqA)
        #expect(AsymptoticPValues.qTildeStatistic(sqrtQ: sqA, sqrtQA: sqA) == 0)
        let above = AsymptoticPValues.qTildeStatistic(sqrtQ: 3, sqrtQA: sqA)
        #expect(abs(above - (9 - sqA * sqA) / (2 * sqA)) < 1e-15)
        #expect(above > 3 - sqA)
        // Where CL_b underflows the ratio is taken at its limit, 0, not 0/0.
        let far = AsymptoticPValues.pValues(statistic: 60, sqrtQA: 2)
        #expect(far.cls == 0 && far.clb == 0)
    }

    @Test func aOneBinFitHasTheErrorOfAPoissonCount() throws {
        // μ̂ = (n − b)/s, and d²(−ln L)/dμ² = n s²/ν² = s²/n at ν = n: σ_μ = √n / s.
        let s = 4.0, b = 10.0, n = 30.0
        let fit = try AsymptoticCalculator(model: Self.countingModel(s: s, b: b, n: n)).fit()
        let mu = try #require(fit["mu"])
        #expect(abs(mu.value - (n - b) / s) < 1e-8)
        #expect(abs(mu.error - n.squareRoot() / s) < 1e-8)
        #expect(!mu.fixed)
        // −ln L at the minimum: ν = n, so n − n ln n + ln n!.
        #expect(abs(fit.nll - (n - n * log(n) + lgamma(n + 1))) < 1e-9)
    }

    @Test func clsNeedsAPositiveMuAndASignal() throws {
        let calc = try AsymptoticCalculator(model: Self.countingModel(s: 5, b: 20, n: 20))
        #expect(throws: StatsError.self) { try calc.cls(mu: 0) }
        #expect(throws: StatsError.self) { try calc.cls(mu: .nan) }
        let noSignal = try AsymptoticCalculator(model: Self.countingModel(s: 0, b: 20, n: 20))
        #expect(throws: StatsError.self) { try noSignal.cls(mu: 1) }
        #expect(throws: StatsError.self) { try noSignal.discovery() }
    }

    @Test func dataOfTheWrongShapeAreRefused() throws {
        let model = try Self.countingModel(s: 5, b: 20, n: 20)
        #expect(throws: StatsError.lengthMismatch(field: "data main counts", expected: 1, got: 2)) {
            try AsymptoticCalculator(model: model, data: .init(main: [1, 2], aux: model.observed.aux))
        }
        #expect(throws: StatsError.self) {
            try AsymptoticCalculator(model: model, data: .init(main: [-1], aux: model.observed.aux))
        }
    }
}
