import Foundation
import Testing
@testable import ParamRunStats

/// Each modifier's factor and constraint term against −log L computed by hand for a tiny workspace.
@Suite struct ModifierTests {
    typealias WS = HistFactoryWorkspace

    static func poisson(_ n: Double, _ nu: Double) -> Double { nu - n * log(nu) + lgamma(n + 1) }
    static func gauss(_ x: Double, _ mean: Double, _ sigma: Double) -> Double {
        0.5 * pow((x - mean) / sigma, 2) + log(sigma) + 0.5 * log(2 * Double.pi)
    }

    /// A workspace of `channels`, each observed as `observed[name]`, POI `mu`.
    static func workspace(
        _ channels: [WS.Channel], observed: [String: [Double]], parameters: [WS.ParameterConfig] = []
    ) -> WS {
        WS(
            channels: channels,
            measurements: [.init(name: "m", config: .init(poi: "mu", parameters: parameters))],
            observations: channels.map { WS.Observation(name: $0.name, data: observed[$0.name] ?? []) })
    }

    static let signal = WS.Sample(name: "signal", data: [5, 6], modifiers: [.normfactor("mu")])

    /// θ with the named parameters set, the rest at their initial values.
    static func theta(_ model: HistFactoryModel, _ values: [String: Double]) throws -> [Double] {
        var theta = model.initialParameters
        for (name, v) in values { theta[try #require(model.parameterIndex(named: name))] = v }
        return theta
    }

    @Test(arguments: NormsysInterpolation.allCases)
    func normfactorAndNormsys(code: NormsysInterpolation) throws {
        let bkg = WS.Sample(name: "bkg", data: [10, 20], modifiers: [.normsys("n", hi: 1.2, lo: 0.85)])
        let ws = Self.workspace([.init(name: "c", samples: [Self.signal, bkg])], observed: ["c": [14, 27]])
        let model = try HistFactoryModel(workspace: ws, normsysInterpolation: code)
        for alpha in [-1.8, -0.4, 0.6, 2.2] {
            let factor: Double
            if code == .code1 || abs(alpha) >= 1 {
                factor = alpha >= 0 ? pow(1.2, alpha) : pow(0.85, -alpha)
            } else {
                let a = HistosysInterpolationTests.code4Coefficients(hi: 1.2, lo: 0.85)
                factor = 1 + (1...6).reduce(0.0) { $0 + a[$1 - 1] * pow(alpha, Double($1)) }
            }
            let expected =
                Self.poisson(14, 1.4 * 5 + factor * 10) + Self.poisson(27, 1.4 * 6 + factor * 20)
                + Self.gauss(0, alpha, 1)
            let nll = try model.nll(Self.theta(model, ["mu": 1.4, "n": alpha]))
            #expect(abs(nll - expected) < 1e-12 * abs(expected), "α = \(alpha)")
        }
        #expect(model.parameters.map(\.name) == ["mu", "n"])
        #expect(model.parameters[1].lower == -5 && model.parameters[1].upper == 5 && model.parameters[1].initial == 0)
        #expect(model.parameters[0].lower == 0 && model.parameters[0].upper == 10 && model.parameters[0].initial == 1)
    }

    @Test(arguments: HistosysInterpolation.allCases)
    func histosysShiftsBeforeTheFactors(code: HistosysInterpolation) throws {
        // A normsys of the same name shares the α; the shift is added before the factor multiplies.
        let bkg = WS.Sample(
            name: "bkg", data: [10, 20],
            modifiers: [.histosys("s", hi: [12, 19], lo: [9, 22]), .normsys("s", hi: 1.1, lo: 0.9)])
        let ws = Self.workspace([.init(name: "c", samples: [Self.signal, bkg])], observed: ["c": [16, 24]])
        let model = try HistFactoryModel(workspace: ws, interpolation: .init(normsys: .code1, histosys: code))
        #expect(model.parameters.count == 2)
        for alpha in [-1.6, -0.5, 0.4, 1.3] {
            var shifts = [0.0, 0.0]
            for (i, (nominal, hi, lo)) in [(10.0, 12.0, 9.0), (20.0, 19.0, 22.0)].enumerated() {
                let up = hi - nominal, down = nominal - lo
                if code == .code0 || abs(alpha) > 1 {
                    shifts[i] = alpha * (alpha > 0 ? up : down)
                } else {
                    let s = (up + down) / 2, a = (up - down) / 16
                    shifts[i] = alpha * s + a * (15 * pow(alpha, 2) - 10 * pow(alpha, 4) + 3 * pow(alpha, 6))
                }
            }
            let factor = alpha >= 0 ? pow(1.1, alpha) : pow(0.9, -alpha)
            let expected =
                Self.poisson(16, 0.7 * 5 + factor * (10 + shifts[0]))
                + Self.poisson(24, 0.7 * 6 + factor * (20 + shifts[1])) + Self.gauss(0, alpha, 1)
            let nll = try model.nll(Self.theta(model, ["mu": 0.7, "s": alpha]))
            #expect(abs(nll - expected) < 1e-12 * abs(expected), "α = \(alpha)")
        }
    }

    @Test func staterrorIsSharedByTheSamplesCarryingIt() throws {
        let signal = WS.Sample(name: "signal", data: [1, 2, 3], modifiers: [.normfactor("mu")])
        let b1 = WS.Sample(name: "b1", data: [10, 5, 0], modifiers: [.staterror("st", uncertainties: [2, 1, 0])])
        let b2 = WS.Sample(name: "b2", data: [6, 0, 0], modifiers: [.staterror("st", uncertainties: [1.5, 0, 0])])
        let ws = Self.workspace([.init(name: "c", samples: [signal, b1, b2])], observed: ["c": [18, 7, 2]])
        let model = try HistFactoryModel(workspace: ws)
        let sigmas = [(4 + 2.25).squareRoot() / 16, 1.0 / 5]
        #expect(model.parameters.map(\.name) == ["mu", "st[0]", "st[1]", "st[2]"])
        #expect(abs(try #require(model.parameters[1].constraintSigma) - sigmas[0]) < 1e-15)
        #expect(model.parameters[3].fixed && model.parameters[3].constraintSigma == 1)
        let theta = [1.2, 1.1, 0.93, 1.0]
        let expected =
            Self.poisson(18, 1.2 + 1.1 * 16) + Self.poisson(7, 2.4 + 0.93 * 5) + Self.poisson(2, 3.6)
            + Self.gauss(1, 1.1, sigmas[0]) + Self.gauss(1, 0.93, sigmas[1]) + Self.gauss(1, 1, 1)
        #expect(abs(try model.nll(theta) - expected) < 1e-12 * expected)
    }

    @Test func shapesysHasAPoissonConstraintPerBin() throws {
        let signal = WS.Sample(name: "signal", data: [1, 2, 3], modifiers: [.normfactor("mu")])
        let bkg = WS.Sample(name: "bkg", data: [20, 8, 0], modifiers: [.shapesys("ss", uncertainties: [4, 0, 0])])
        let ws = Self.workspace([.init(name: "c", samples: [signal, bkg])], observed: ["c": [22, 9, 2]])
        let model = try HistFactoryModel(workspace: ws)
        // τ = (20/4)² in bin 0; bins with δ = 0 or nominal 0 get τ = 1 and a fixed γ.
        #expect(model.parameters.map(\.constraint) == [.none, .poisson(tau: 25), .poisson(tau: 1), .poisson(tau: 1)])
        #expect(model.parameters.map(\.fixed) == [false, false, true, true])
        #expect(model.observed.aux == [0, 25, 1, 1])
        func pois(_ aux: Double, _ rate: Double) -> Double { rate - aux * log(rate) + lgamma(aux + 1) }
        let theta = [0.8, 1.15, 1.0, 1.0]
        let expected =
            Self.poisson(22, 0.8 + 1.15 * 20) + Self.poisson(9, 1.6 + 8) + Self.poisson(2, 2.4)
            + pois(25, 1.15 * 25) + pois(1, 1) + pois(1, 1)
        #expect(abs(try model.nll(theta) - expected) < 1e-12 * expected)
        #expect(model.expectedData(theta).aux == [0, 1.15 * 25, 1, 1])
    }

    @Test func lumiTakesItsWidthFromTheMeasurement() throws {
        let signal = WS.Sample(name: "signal", data: [5, 6], modifiers: [.normfactor("mu"), .lumi("lumi")])
        let bkg = WS.Sample(name: "bkg", data: [10, 20], modifiers: [.lumi("lumi")])
        let channels = [WS.Channel(name: "c", samples: [signal, bkg])]
        let config = WS.ParameterConfig(name: "lumi", auxdata: [1], sigmas: [0.05])
        let model = try HistFactoryModel(
            workspace: Self.workspace(channels, observed: ["c": [17, 25]], parameters: [config]))
        let lumi = try #require(model.parameterIndex(named: "lumi"))
        #expect(model.parameters[lumi].constraint == .gaussian(sigma: 0.05))
        #expect(abs(model.parameters[lumi].lower - 0.75) < 1e-15 && abs(model.parameters[lumi].upper - 1.25) < 1e-15)
        #expect(model.parameters[lumi].initial == 1)
        let theta = try Self.theta(model, ["mu": 1.5, "lumi": 1.03])
        let expected =
            Self.poisson(17, 1.03 * (1.5 * 5 + 10)) + Self.poisson(25, 1.03 * (1.5 * 6 + 20))
            + Self.gauss(1, 1.03, 0.05)
        #expect(abs(try model.nll(theta) - expected) < 1e-12 * expected)
        #expect(model.expectedData(theta).aux[lumi] == 1.03)
        #expect(throws: StatsError.self) {
            try HistFactoryModel(workspace: Self.workspace(channels, observed: ["c": [17, 25]]))
        }
    }

    @Test func shapefactorIsAFreeFactorPerBinSharedAcrossChannels() throws {
        let cr = WS.Channel(
            name: "CR", samples: [.init(name: "bkg", data: [30, 40], modifiers: [.shapefactor("sf")])])
        let sr = WS.Channel(
            name: "SR",
            samples: [Self.signal, .init(name: "bkg", data: [3, 4], modifiers: [.shapefactor("sf")])])
        let model = try HistFactoryModel(
            workspace: Self.workspace([sr, cr], observed: ["SR": [9, 11], "CR": [33, 38]]))
        #expect(model.parameters.map(\.name).sorted() == ["mu", "sf[0]", "sf[1]"])
        #expect(model.parameters.allSatisfy { $0.constraint == .none })
        let theta = try Self.theta(model, ["mu": 0.9, "sf[0]": 1.2, "sf[1]": 0.8])
        let expected =
            Self.poisson(33, 36) + Self.poisson(38, 32) + Self.poisson(9, 4.5 + 3.6) + Self.poisson(11, 5.4 + 3.2)
        #expect(abs(try model.nll(theta) - expected) < 1e-12 * expected)
    }

    @Test func channelsAreOrderedByNameAndStaterrorSpansThem() throws {
        let sr = WS.Channel(
            name: "SR",
            samples: [
                Self.signal, .init(name: "bkg", data: [3, 4], modifiers: [.staterror("st", uncertainties: [1, 1])])
            ])
        let cr = WS.Channel(
            name: "CR",
            samples: [.init(name: "bkg", data: [30, 40, 50], modifiers: [.staterror("st", uncertainties: [3, 4, 5])])]
        )
        let model = try HistFactoryModel(
            workspace: Self.workspace([sr, cr], observed: ["SR": [9, 11], "CR": [33, 38, 52]]))
        #expect(model.channels.map(\.name) == ["CR", "SR"])
        #expect(model.channels.map(\.bins) == [0..<3, 3..<5])
        #expect(model.binCount == 5)
        #expect(model.observed.main == [33, 38, 52, 9, 11])
        // One γ per bin of each channel, CR's first (pyhf's global bin order).
        #expect(model.parameters.map(\.name) == ["st[0]", "st[1]", "st[2]", "st[3]", "st[4]", "mu"])
        let sigmas = model.parameters.compactMap(\.constraintSigma)
        #expect(sigmas.count == 5 && abs(sigmas[0] - 0.1) < 1e-15 && abs(sigmas[3] - 1.0 / 3) < 1e-15)
        let theta = [1.25, 1, 1, 0.75, 1, 2]
        #expect(model.expectedMain(theta) == [37.5, 40, 50, 12.25, 16])
        #expect(model.poiIndex == 5)
    }
}
