import Foundation
import ParamRunSupport
import Testing
@testable import ParamRunStats

/// A model with every modifier type over three channels: exact derivatives, fits, Asimov data.
@Suite struct MultiChannelModelTests {
    typealias WS = HistFactoryWorkspace

    static func workspace() -> WS {
        let sr = WS.Channel(
            name: "SR",
            samples: [
                .init(
                    name: "signal", data: [2, 5, 9],
                    modifiers: [
                        .normfactor("mu"), .lumi("lumi"), .normsys("sig_theory", hi: 1.1, lo: 0.92),
                        .histosys("jes", hi: [2.3, 5.2, 8.7], lo: [1.8, 4.7, 9.4]),
                        .normsys("sig_pdf", hi: 1.04, lo: 0.95), .normsys("sig_scale", hi: 0.93, lo: 1.06)
                    ]),
                .init(
                    name: "ttbar", data: [40, 12, 3],
                    modifiers: [
                        .normfactor("mu_ttbar"), .staterror("stat_SR", uncertainties: [3, 2, 1]),
                        .histosys("jes", hi: [43, 12.5, 3.4], lo: [38, 11, 2.9]), .normsys("jes", hi: 1.05, lo: 0.97),
                        .normsys("ttbar_gen", hi: 1.08, lo: 0.9), .normsys("ttbar_isr", hi: 0.96, lo: 1.03),
                        .lumi("lumi")
                    ]),
                .init(
                    name: "other", data: [8, 3, 0.5],
                    modifiers: [
                        .lumi("lumi"), .staterror("stat_SR", uncertainties: [1, 0.5, 0.2]),
                        .shapesys("other_mc", uncertainties: [1.2, 0.4, 0.1])
                    ])
            ])
        let cr = WS.Channel(
            name: "CR",
            samples: [
                .init(
                    name: "ttbar", data: [200, 90],
                    modifiers: [
                        .normfactor("mu_ttbar"), .histosys("jes", hi: [210, 92], lo: [193, 87]),
                        .shapefactor("cr_shape")
                    ]),
                .init(
                    name: "other", data: [30, 12],
                    modifiers: [.lumi("lumi"), .normsys("other_xsec", hi: 1.2, lo: 0.8), .shapefactor("cr_shape")])
            ])
        let vr = WS.Channel(
            name: "VR",
            samples: [
                .init(
                    name: "ttbar", data: [60],
                    modifiers: [.normfactor("mu_ttbar"), .staterror("stat_VR", uncertainties: [4])])
            ])
        return WS(
            channels: [sr, cr, vr],
            measurements: [
                .init(
                    name: "meas",
                    config: .init(
                        poi: "mu",
                        parameters: [
                            .init(name: "lumi", auxdata: [1], sigmas: [0.02]), .init(name: "mu", bounds: [[0, 20]])
                        ]))
            ],
            observations: [
                .init(name: "SR", data: [50, 17, 6]), .init(name: "CR", data: [236, 99]), .init(name: "VR", data: [57])
            ])
    }

    static let codes: [HistFactoryModel.Interpolation] = [
        .init(), .init(normsys: .code1, histosys: .code0), .init(normsys: .code4, histosys: .code0)
    ]

    /// θ drawn inside each parameter's bounds, near its initial value; α across both interpolation regions.
    static func randomTheta(_ model: HistFactoryModel, _ rng: inout SeededGenerator) -> [Double] {
        model.parameters.map { p in
            if p.fixed { return p.initial }
            let width = p.lower == -5 ? 2.6 : 0.4 * min(1, p.upper - p.lower)
            return min(max(p.initial + width * (2 * rng.nextUniform() - 1), p.lower + 1e-3), p.upper)
        }
    }

    @Test(arguments: 0..<3)
    func gradientAndHessianMatchFiniteDifferences(code: Int) throws {
        let model = try HistFactoryModel(workspace: Self.workspace(), interpolation: Self.codes[code])
        var rng = SeededGenerator(seed: 23 + UInt64(code))
        let n = model.parameters.count
        for draw in 0..<6 {
            // Samples with five or more factors take products by prefixes; μ = 0 zeroes a factor.
            var theta = Self.randomTheta(model, &rng)
            if draw == 0 { theta[model.poiIndex] = 0 }
            let (gradient, hessian) = try model.derivatives(theta)
            for i in 0..<n {
                let h = 1e-6 * max(1, abs(theta[i]))
                var up = theta, dn = theta
                up[i] += h
                dn[i] -= h
                let fd = (try model.nll(up) - model.nll(dn)) / (2 * h)
                #expect(abs(fd - gradient[i]) < 2e-5 * (1 + abs(gradient[i])), "∂/∂\(model.parameters[i].name)")
                let (gu, _) = try model.derivatives(up)
                let (gd, _) = try model.derivatives(dn)
                for j in 0..<n {
                    let fdh = (gu[j] - gd[j]) / (2 * h)
                    #expect(
                        abs(fdh - hessian[i * n + j]) < 1e-4 * (1 + abs(fdh)),
                        "H[\(model.parameters[i].name), \(model.parameters[j].name)]")
                }
            }
        }
    }

    @Test func everyTypeIsDeclaredWithPyhfDefaults() throws {
        let model = try HistFactoryModel(workspace: Self.workspace())
        #expect(model.channels.map(\.name) == ["CR", "SR", "VR"])
        #expect(model.observed.main == [236, 99, 50, 17, 6, 57])
        let types = Dictionary(grouping: model.parameters, by: \.modifierType).mapValues(\.count)
        #expect(
            types == [
                "normfactor": 2, "histosys": 1, "shapefactor": 2, "lumi": 1, "normsys": 6, "staterror": 4, "shapesys": 3
            ])
        let mu = model.parameters[model.poiIndex]
        #expect(mu.name == "mu" && mu.upper == 20)
        // "jes" is a histosys first (in CR) and a normsys in SR: one α.
        #expect(model.parameters.filter { $0.name == "jes" }.count == 1)
    }

    @Test(arguments: 0..<3)
    func fitOfAsimovDataReturnsTheParametersItWasMadeWith(code: Int) throws {
        let model = try HistFactoryModel(workspace: Self.workspace(), interpolation: Self.codes[code])
        var theta = model.initialParameters
        theta[model.poiIndex] = 1.5
        theta[try #require(model.parameterIndex(named: "jes"))] = 0.4
        let asimov = model.expectedData(theta)
        let fit = try model.fit(data: asimov)
        for (i, p) in model.parameters.enumerated() {
            #expect(abs(fit.parameters[i] - theta[i]) < 1e-6 * max(1, abs(theta[i])), "\(p.name)")
        }
        // Nothing fits better than the parameters the data came from.
        #expect(abs(fit.nll - (try model.nll(theta, data: asimov))) < 1e-9)
        let observedFit = try model.fit()
        #expect(observedFit.nll <= (try model.nll(model.initialParameters)))
    }
}
