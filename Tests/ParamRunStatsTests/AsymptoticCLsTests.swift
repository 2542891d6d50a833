import Foundation
import Testing
@testable import ParamRunStats

@Suite struct AsymptoticCLsTests {
    /// A single-channel workspace; `delta` adds a staterror, `u` a normsys on the background.
    static func workspace(signal: [Double], background: [Double], delta: [Double]? = nil, u: Double? = nil)
        -> HistFactoryWorkspace
    {
        var mods: [HistFactoryWorkspace.Modifier] = []
        if let delta { mods.append(.staterror("staterror_score", uncertainties: delta)) }
        if let u { mods.append(.normsys("background_norm", hi: 1 + u, lo: 1 - u)) }
        return HistFactoryWorkspace(
            channels: [
                .init(
                    name: "score",
                    samples: [
                        .init(name: "signal", data: signal, modifiers: [.normfactor("mu")]),
                        .init(name: "background", data: background, modifiers: mods)
                    ])
            ],
            measurements: [.init(name: "m", config: .init(poi: "mu", parameters: []))],
            observations: [.init(name: "score", data: background)])
    }

    /// Bisection, independent of the library's root finder.
    static func bisect(_ f: (Double) -> Double, _ lo: Double, _ hi: Double) -> Double {
        var lo = lo, hi = hi
        for _ in 0..<200 { let m = 0.5 * (lo + hi); if f(m) < 0 { lo = m } else { hi = m } }
        return 0.5 * (lo + hi)
    }

    @Test(arguments: [(5.0, 20.0), (1.0, 0.5), (40.0, 1000.0)])
    func singleBinMedianSolvesTheClosedForm(s: Double, b: Double) throws {
        // No nuisance parameters: q_A(μ) = 2[μs − b ln(1 + μs/b)], and the median limit is
        // where 2Φ(−√q_A) = 0.05, i.e. q_A = Φ⁻¹(0.975)² ≈ 1.96².
        let model = try HistFactoryModel(workspace: Self.workspace(signal: [s], background: [b]))
        let limit = try AsymptoticCLs.expectedUpperLimit(model: model)
        let z975 = 1.959963984540054
        let closed = Self.bisect({ mu in 2 * (mu * s - b * log1p(mu * s / b)) - z975 * z975 }, 0, 1e4)
        #expect(abs(limit.median / closed - 1) < 1e-7)
    }

    @Test func singleBinBandsSolveTheirClosedForms() throws {
        // Band n: Φ(−n − √q_A)/Φ(−n) = 0.05, n = 2 for the −2σ edge … n = −2 for +2σ.
        let s = 7.0, b = 30.0
        let model = try HistFactoryModel(workspace: Self.workspace(signal: [s], background: [b]))
        let limit = try AsymptoticCLs.expectedUpperLimit(model: model)
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }
        for (n, value) in zip([2.0, 1, 0, -1, -2], limit.ordered) {
            let closed = Self.bisect(
                { mu in
                    let q = 2 * (mu * s - b * log1p(mu * s / b))
                    return 0.05 - phi(-n - q.squareRoot()) / phi(-n)
                }, 0, 1e4)
            #expect(abs(value / closed - 1) < 1e-7, "band n = \(n)")
        }
        #expect(limit.ordered == limit.ordered.sorted())
    }

    // Reference values from pyhf 0.7.6 (numpy backend): upper_limit(data, model, scan=None,
    // level=0.05, test_stat="qtilde") on the same workspace; its toms748 rtol is 1e-4.
    @Test func threeBinsWithStaterrorMatchPyhf() throws {
        let model = try HistFactoryModel(
            workspace: Self.workspace(signal: [2, 5, 9], background: [40, 12, 3], delta: [3, 2, 1]))
        let pyhf = [0.2538441778, 0.355373904, 0.5251801511, 0.7949189446, 1.171919251]
        for (ours, theirs) in zip(try AsymptoticCLs.expectedUpperLimit(model: model).ordered, pyhf) {
            #expect(abs(ours / theirs - 1) < 2e-4)
        }
        // pyhf's logpdf at mu = 0.7, gammas (0.9, 1.05, 1.2): −8.79941553.
        #expect(abs(try model.nll([0.7, 0.9, 1.05, 1.2]) - 8.79941553) < 1e-7)
        // pyhf's expected CLs at mu = 1 (hypotest, return_expected_set=True).
        let cls = try AsymptoticCLs.expectedCLs(model: model, mu: 1)
        let pyhfCLs = [
            3.3577135512685257e-06, 6.761624256954945e-05, 0.001157377812367478, 0.014560605818298687,
            0.10826241141319155
        ]
        for (ours, theirs) in zip(cls, pyhfCLs) { #expect(abs(ours / theirs - 1) < 1e-5) }
    }

    @Test func threeBinsWithNormsysMatchPyhfCode4AndCode1() throws {
        let ws = Self.workspace(signal: [2, 5, 9], background: [40, 12, 3], delta: [3, 2, 1], u: 0.1)
        let references: [(NormsysInterpolation, [Double], Double)] = [
            (.code4, [0.2588803167, 0.3621553437, 0.5348122755, 0.8090514975, 1.192320994], 11.53781961),
            (.code1, [0.2591394544, 0.3624612185, 0.5351631489, 0.8094179657, 1.192680209], 11.53769155)
        ]
        for (code, pyhf, nll) in references {
            let model = try HistFactoryModel(workspace: ws, normsysInterpolation: code)
            for (ours, theirs) in zip(try AsymptoticCLs.expectedUpperLimit(model: model).ordered, pyhf) {
                #expect(abs(ours / theirs - 1) < 2e-4, "\(code)")
            }
            // Our order is mu, gammas, alpha; pyhf's was mu, alpha, gammas.
            #expect(abs(try model.nll([0.7, 1.05, 1.2, 0.4, 0.9]) - nll) < 1e-7, "\(code)")
        }
    }

    @Test func uncertaintiesOnlyWeakenTheLimit() throws {
        let s = [1.0, 4, 10], b = [100.0, 20, 2]
        let bare = try AsymptoticCLs.expectedUpperLimit(
            model: HistFactoryModel(workspace: Self.workspace(signal: s, background: b)))
        let stat = try AsymptoticCLs.expectedUpperLimit(
            model: HistFactoryModel(workspace: Self.workspace(signal: s, background: b, delta: [5, 3, 1])))
        let both = try AsymptoticCLs.expectedUpperLimit(
            model: HistFactoryModel(workspace: Self.workspace(signal: s, background: b, delta: [5, 3, 1], u: 0.2)))
        for i in 0..<5 {
            #expect(bare.ordered[i] < stat.ordered[i])
            #expect(stat.ordered[i] < both.ordered[i])
        }
    }

    @Test func noSignalIsAnError() throws {
        let model = try HistFactoryModel(workspace: Self.workspace(signal: [0, 0], background: [3, 4]))
        #expect(throws: StatsError.self) { try AsymptoticCLs.expectedUpperLimit(model: model) }
        let good = try HistFactoryModel(workspace: Self.workspace(signal: [1], background: [3]))
        #expect(throws: StatsError.self) { try AsymptoticCLs.expectedUpperLimit(model: good, cl: 1.5) }
    }
}
