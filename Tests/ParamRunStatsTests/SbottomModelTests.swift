import Foundation
import ParamRunSupport
import Testing
@testable import ParamRunStats

/// The published ATLAS sbottom likelihood (region A, background only): three channels, nine bins,
/// over a thousand histosys. Its POI, the signal's μ, comes with a signal patch; without one the
/// tests take the ttbar normalisation as the POI.
@Suite struct SbottomModelTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/histfactory/sbottom-regionA/BkgOnly.json")

    static func workspace(poi: String = "mu_ttbar") throws -> HistFactoryWorkspace {
        var ws = try HistFactoryWorkspace.load(from: url)
        ws.measurements[0].config.poi = poi
        return ws
    }

    @Test func theMissingSignalPOIIsNamed() throws {
        let ws = try HistFactoryWorkspace.load(from: Self.url)
        #expect(
            throws: StatsError.invalidWorkspace(
                path: "measurements[0].config.poi",
                reason: "\"\(ws.measurements[0].config.poi)\" is not a parameter of the model")
        ) { try HistFactoryModel(workspace: ws) }
    }

    @Test func structureFollowsTheWorkspace() throws {
        let ws = try Self.workspace()
        let model = try HistFactoryModel(workspace: ws)
        #expect(model.channels.map(\.name) == ws.channels.map(\.name).sorted())
        #expect(model.binCount == ws.channels.reduce(0) { $0 + $1.samples[0].data.count })
        // One α per systematic name (normsys and histosys share), one γ per staterror bin, one lumi.
        var alphas = Set<String>(), staterrorBins = 0, seen = Set<String>()
        for channel in ws.channels {
            for modifier in channel.samples.flatMap(\.modifiers) {
                if modifier.type == "normsys" || modifier.type == "histosys" { alphas.insert(modifier.name) }
                if modifier.type == "staterror", seen.insert(modifier.name).inserted {
                    staterrorBins += channel.samples[0].data.count
                }
            }
        }
        #expect(model.parameters.count == alphas.count + staterrorBins + 2)
        let lumi = try #require(model.parameterIndex(named: "lumi"))
        #expect(model.parameters[lumi].constraintSigma == ws.measurements[0].config.parameters[0].sigmas?[0])
        #expect(model.parameters[lumi].lower == ws.measurements[0].config.parameters[0].bounds?[0][0])
    }

    @Test func exactDerivativesOnTheRealModel() throws {
        let model = try HistFactoryModel(workspace: Self.workspace())
        var rng = SeededGenerator(seed: 1748602)
        let theta = MultiChannelModelTests.randomTheta(model, &rng)
        let (gradient, hessian) = try model.derivatives(theta)
        let n = theta.count
        var worstGradient = 0.0, worstHessian = 0.0
        for i in 0..<n {
            let h = 1e-6 * max(1, abs(theta[i]))
            var up = theta, dn = theta
            up[i] += h
            dn[i] -= h
            let fd = (try model.nll(up) - model.nll(dn)) / (2 * h)
            worstGradient = max(worstGradient, abs(fd - gradient[i]) / (1 + abs(gradient[i])))
            let (gu, _) = try model.derivatives(up)
            let (gd, _) = try model.derivatives(dn)
            for j in 0..<n {
                let fdh = (gu[j] - gd[j]) / (2 * h)
                worstHessian = max(worstHessian, abs(fdh - hessian[i * n + j]) / (1 + abs(fdh)))
            }
        }
        #expect(worstGradient < 1e-5)
        #expect(worstHessian < 1e-4)
    }

    @Test func asimovDataFromADrawnPointFitsBackToIt() throws {
        let model = try HistFactoryModel(workspace: Self.workspace())
        var rng = SeededGenerator(seed: 3)
        let theta = MultiChannelModelTests.randomTheta(model, &rng)
        let asimov = model.expectedData(theta)
        let fit = try model.fit(data: asimov)
        let worst = zip(fit.parameters, theta).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-6)
        #expect(fit.nll <= (try model.nll(theta, data: asimov)) + 1e-9)
    }
}
