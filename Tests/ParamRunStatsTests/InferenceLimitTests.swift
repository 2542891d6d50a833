import Foundation
import Testing
@testable import ParamRunStats

/// Observed and expected upper limits, and what the fit reports, on small models.
@Suite struct InferenceLimitTests {
    /// One channel; `delta` adds a staterror, `u` a normsys on the background; `observed` the data.
    static func model(
        signal: [Double], background: [Double], delta: [Double]? = nil, u: Double? = nil, observed: [Double]
    ) throws -> HistFactoryModel {
        var mods: [HistFactoryWorkspace.Modifier] = []
        if let delta { mods.append(.staterror("staterror_sr", uncertainties: delta)) }
        if let u { mods.append(.normsys("bkg_norm", hi: 1 + u, lo: 1 - u)) }
        let ws = HistFactoryWorkspace(
            channels: [
                .init(
                    name: "sr",
                    samples: [
                        .init(name: "signal", data: signal, modifiers: [.normfactor("mu")]),
                        .init(name: "background", data: background, modifiers: mods)
                    ])
            ],
            measurements: [.init(name: "m", config: .init(poi: "mu", parameters: []))],
            observations: [.init(name: "sr", data: observed)])
        return try HistFactoryModel(workspace: ws)
    }

    static func bisect(_ f: (Double) -> Double, _ lo: Double, _ hi: Double) -> Double {
        var lo = lo, hi = hi
        for _ in 0..<200 { let m = 0.5 * (lo + hi); if f(m) > 0 { lo = m } else { hi = m } }
        return 0.5 * (lo + hi)
    }

    @Test(arguments: [(6.0, 15.0, 12.0), (6.0, 15.0, 22.0), (2.0, 1.0, 0.0)])
    func oneBinObservedLimitSolvesTheHandComputedCLs(s: Double, b: Double, n: Double) throws {
        let model = try Self.model(signal: [s], background: [b], observed: [n])
        let limit = try AsymptoticCalculator(model: model).upperLimit()
        let phi = InferenceTestStatisticTests.phi
        // CLs_obs(μ) by hand, with pyhf's q̃ branch; the bisection needs no fit.
        let closed = Self.bisect(
            { mu in
                let muHat = max(0, (n - b) / s)
                let q = muHat > mu ? 0 : InferenceTestStatisticTests.t(mu: mu, s: s, b: b, n: n)
                let qA = 2 * (mu * s - b * log1p(mu * s / b))
                let sq = q.squareRoot(), sqA = qA.squareRoot()
                let stat = sq < sqA ? sq - sqA : (q - qA) / (2 * sqA)
                return phi(-(stat + sqA)) / phi(-stat) - 0.05
            }, 1e-6, 1e3)
        #expect(abs(limit.observed / closed - 1) < 1e-7)
        #expect(limit.expected.ordered == limit.expected.ordered.sorted())
        let cls = try AsymptoticCalculator(model: model).cls(mu: limit.observed)
        #expect(abs(cls.clsObserved - 0.05) < 1e-8)
    }

    @Test func observedEqualsExpectedOnTheAsimovBackground() throws {
        // Data equal to the nominal background (aux at nominal): the conditional fit at μ = 0 is the
        // nominal point, so the Asimov data are the data and observed = expected median.
        let model = try Self.model(
            signal: [2, 5, 9], background: [40, 12, 3], delta: [3, 2, 1], u: 0.1, observed: [40, 12, 3])
        let calc = try AsymptoticCalculator(model: model)
        let cls = try calc.cls(mu: 1)
        #expect(abs(cls.clsObserved / cls.clsExpected[2] - 1) < 1e-6)
        #expect(abs(cls.qTildeObserved / cls.qTildeAsimov - 1) < 1e-6)
        let limit = try calc.upperLimit()
        #expect(abs(limit.observed / limit.expected.median - 1) < 1e-6)
        // The pipeline's entry point gives the same expected limit as the calculator.
        #expect(try AsymptoticCLs.expectedUpperLimit(model: model) == limit.expected)
        let discovery = try calc.discovery()
        #expect(discovery.zObserved < 1e-4)
        #expect(abs(discovery.p0Observed - 0.5) < 1e-4)
    }

    @Test func anExcessLoosensTheObservedLimitAndADeficitTightensIt() throws {
        let s = [2.0, 5, 9], b = [40.0, 12, 3]
        func limit(_ observed: [Double]) throws -> UpperLimit {
            try AsymptoticCalculator(
                model: Self.model(signal: s, background: b, delta: [3, 2, 1], u: 0.1, observed: observed)
            ).upperLimit()
        }
        let nominal = try limit(b), excess = try limit([44, 17, 9]), deficit = try limit([37, 9, 1])
        #expect(excess.observed > nominal.observed)
        #expect(deficit.observed < nominal.observed)
        // The expected band comes from the fit at μ = 0 to each dataset, so it moves far less.
        #expect(excess.observed > excess.expected.plus1)
        let summary = try AsymptoticCalculator(
            model: Self.model(signal: s, background: b, delta: [3, 2, 1], u: 0.1, observed: [44, 17, 9])
        ).searchSummary()
        #expect(summary.upperLimit == excess)
        #expect(summary.discovery.zObserved > 1)
    }

    @Test func fitErrorsAreTheInverseOfTheFiniteDifferenceHessian() throws {
        let model = try Self.model(
            signal: [2, 5, 9], background: [40, 12, 3], delta: [3, 2, 1], u: 0.1, observed: [44, 17, 9])
        let fit = try AsymptoticCalculator(model: model).fit()
        #expect(fit.parameters.map(\.name) == model.parameters.map(\.name))
        let x = fit.parameters.map(\.value)
        let np = x.count
        // Central differences of −ln L; the 2 × 2 … inverse is checked through H · C = I.
        var h = [Double](repeating: 0, count: np * np)
        let e = 1e-4
        for i in 0..<np {
            for j in 0..<np {
                func f(_ di: Double, _ dj: Double) throws -> Double {
                    var y = x
                    y[i] += di; y[j] += dj
                    return try model.nll(y)
                }
                h[i * np + j] = (try f(e, e) - f(e, -e) - f(-e, e) + f(-e, -e)) / (4 * e * e)
            }
        }
        for i in 0..<np {
            for j in 0..<np {
                let product = (0..<np).reduce(0.0) { $0 + h[i * np + $1] * fit.covariance[$1 * np + j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-4, "(H·C)[\(i), \(j)]")
            }
            #expect(abs(fit.parameters[i].error - fit.covariance[i * np + i].squareRoot()) == 0)
        }
    }

    @Test func aParameterWithoutEffectHasNoError() throws {
        // A normfactor on an empty sample leaves the likelihood flat along it.
        let ws = HistFactoryWorkspace(
            channels: [
                .init(
                    name: "sr",
                    samples: [
                        .init(name: "signal", data: [3], modifiers: [.normfactor("mu")]),
                        .init(name: "empty", data: [0], modifiers: [.normfactor("k")]),
                        .init(name: "background", data: [10], modifiers: [])
                    ])
            ],
            measurements: [.init(name: "m", config: .init(poi: "mu", parameters: []))],
            observations: [.init(name: "sr", data: [14])])
        let calc = try AsymptoticCalculator(model: HistFactoryModel(workspace: ws))
        #expect(throws: StatsError.singularHessian(what: "unconditional fit of channel sr", parameter: "k")) {
            try calc.fit()
        }
    }

    @Test func aFitThatFailsNamesTheParametersAtABound() throws {
        let model = try Self.model(signal: [3], background: [10], delta: [2], observed: [0])
        // μ̂ = 0 and γ at its lower bound are where a zero count pushes them.
        let names = model.parametersAtBound([0, 1e-10], fixedValues: [:])
        #expect(names == ["mu", "staterror_sr[0]"])
        #expect(model.parametersAtBound([0, 1], fixedValues: [0: 0]) == [])
        // The diagnosis reruns the minimiser and reports where it stops: with n = 0, μ at its bound.
        let stopped = model.lastPointOfFailedFit(data: model.observed, fixedValues: [:], start: nil)
        let fit = try model.fit()
        #expect(stopped == fit.parameters)
        #expect(model.parametersAtBound(stopped, fixedValues: [:]).contains("mu"))
        let error = StatsError.fitNotConverged(what: "fit", iterations: 500, atBound: names)
        #expect(error.description.contains("did not converge after 500 iterations"))
        #expect(error.description.contains("at a bound: mu, staterror_sr[0]"))
    }

    @Test func extremeDataGiveFiniteResultsOrAnError() throws {
        // A huge excess: p₀ underflows to 0, but Z = √q₀ stays finite.
        let excess = try AsymptoticCalculator(
            model: Self.model(signal: [1], background: [1], observed: [1e6])
        ).discovery()
        #expect(excess.zObserved.isFinite && excess.zObserved > 1000)
        #expect(excess.p0Observed == 0)
        // A signal 10⁹ times its background: μ_up would read as 0, so it is an error, not a result.
        let huge = try AsymptoticCalculator(model: Self.model(signal: [1e9], background: [1], observed: [1]))
        #expect(throws: StatsError.self) { try huge.upperLimit() }
    }
}
