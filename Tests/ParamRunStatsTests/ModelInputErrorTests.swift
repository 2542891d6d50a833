import Foundation
import Testing
@testable import ParamRunStats

/// Each problem in a workspace is an error naming its JSON path in the workspace as given.
@Suite struct ModelInputErrorTests {
    typealias WS = HistFactoryWorkspace

    /// The path of the error building `ws` gives, or nil if it builds.
    static func path(_ ws: WS) -> String? {
        do {
            _ = try HistFactoryModel(workspace: ws)
            return nil
        } catch let StatsError.invalidWorkspace(path, _) {
            return path
        } catch {
            return "unexpected \(error)"
        }
    }

    static var base: WS { MultiChannelModelTests.workspace() }

    @Test func theBaseWorkspaceBuilds() { #expect(Self.path(Self.base) == nil) }

    @Test func mismatchedAndBadYields() {
        var ws = Self.base
        ws.channels[0].samples[1].modifiers[2] = .histosys("jes", hi: [43, 12.5], lo: [38, 11, 2.9])
        #expect(Self.path(ws) == "channels[0].samples[1].modifiers[2].data.hi_data")
        ws = Self.base
        ws.channels[0].samples[0].modifiers[3] = .histosys("jes", hi: [2.3, 5.2, 8.7], lo: [1.8, -4.7, 9.4])
        #expect(Self.path(ws) == "channels[0].samples[0].modifiers[3].data.lo_data[1]")
        ws = Self.base
        ws.channels[1].samples[1].data = [30, .nan]
        #expect(Self.path(ws) == "channels[1].samples[1].data[1]")
        ws = Self.base
        ws.channels[2].samples[0].data = [60, 1]
        #expect(Self.path(ws) == "channels[2].samples[0].modifiers[1].data")
        ws = Self.base
        ws.observations[1].data = [236]
        #expect(Self.path(ws) == "observations[1].data")
        ws = Self.base
        ws.channels[0].samples[2].modifiers[2] = .shapesys("other_mc", uncertainties: [1, 2])
        #expect(Self.path(ws) == "channels[0].samples[2].modifiers[2].data")
        ws = Self.base
        ws.channels[0].samples[0].modifiers[2] = .normsys("sig_theory", hi: 1.1, lo: -0.2)
        #expect(Self.path(ws) == "channels[0].samples[0].modifiers[2].data")
    }

    @Test func unknownTypesAndNameClashes() {
        var ws = Self.base
        ws.channels[1].samples[0].modifiers[1].type = "histosis"
        #expect(Self.path(ws) == "channels[1].samples[0].modifiers[1].type")
        ws = Self.base
        ws.channels[1].samples[1].modifiers[1] = .normfactor("other_xsec")
        ws.channels[0].samples[2].modifiers.append(.normsys("other_xsec", hi: 1.1, lo: 0.9))
        #expect(Self.path(ws) == "channels[0].samples[2].modifiers[3]")
        ws = Self.base
        ws.channels[2].samples[0].modifiers.append(.shapesys("other_mc", uncertainties: [2]))
        #expect(Self.path(ws) == "channels[2].samples[0].modifiers[2]")
        ws = Self.base
        ws.channels[0].samples[0].modifiers.append(.lumi("jes"))
        #expect(Self.path(ws) == "channels[0].samples[0].modifiers[6]")
        ws = Self.base
        ws.channels[0].samples[0].modifiers.append(.normfactor("mu"))
        #expect(Self.path(ws) == "channels[0].samples[0].modifiers[6]")
    }

    @Test func staterrorAcrossChannelsNeedsTheSameSamples() {
        var ws = Self.base
        ws.channels[2].samples.append(
            .init(name: "other", data: [5], modifiers: [.staterror("stat_SR", uncertainties: [1])]))
        ws.channels[2].samples[0].modifiers[1] = .staterror("stat_SR", uncertainties: [4])
        #expect(Self.path(ws) == nil)
        ws.channels[2].samples[1].modifiers = []
        #expect(Self.path(ws) == "channels[2].samples[0].modifiers[1]")
    }

    @Test func measurementSettings() {
        var ws = Self.base
        ws.measurements[0].config.poi = "xsec"
        #expect(Self.path(ws) == "measurements[0].config.poi")
        ws = Self.base
        ws.measurements[0].config.poi = "stat_SR"
        #expect(Self.path(ws) == "measurements[0].config.poi")
        let cases: [(WS.ParameterConfig, String)] = [
            (.init(name: "stat_SR", bounds: [[0, 2], [0, 2]]), "measurements[0].config.parameters[2].bounds"),
            (.init(name: "mu_ttbar", bounds: [[3, 2]]), "measurements[0].config.parameters[2].bounds[0]"),
            (.init(name: "stat_SR", inits: [1, 1]), "measurements[0].config.parameters[2].inits"),
            (.init(name: "jes", auxdata: [0, 0]), "measurements[0].config.parameters[2].auxdata"),
            (.init(name: "mu_ttbar", auxdata: [1]), "measurements[0].config.parameters[2].auxdata"),
            (.init(name: "stat_VR", sigmas: [0.1, 0.2]), "measurements[0].config.parameters[2].sigmas"),
            (.init(name: "jes", sigmas: [0.5]), "measurements[0].config.parameters[2].sigmas"),
            (.init(name: "stat_VR", sigmas: [-0.1]), "measurements[0].config.parameters[2].sigmas[0]"),
            (.init(name: "mu_ttbar", inits: [.infinity]), "measurements[0].config.parameters[2].inits[0]"),
            (.init(name: "mu"), "measurements[0].config.parameters[2].name")
        ]
        for (setting, path) in cases {
            ws = Self.base
            ws.measurements[0].config.parameters.append(setting)
            #expect(Self.path(ws) == path, "\(setting)")
        }
        ws = Self.base
        ws.measurements[0].config.parameters.append(.init(name: "not_in_model", bounds: [[0, 1]]))
        #expect(Self.path(ws) == nil)
        ws = Self.base
        ws.measurements[0].config.parameters[0] = .init(name: "lumi", auxdata: [1])
        #expect(Self.path(ws) == "measurements[0].config.parameters[0]")
    }

    @Test func tooManyParametersForADenseHessian() {
        let bins = HistFactoryModel.maximumParameters / 2 + 1
        let ones = [Double](repeating: 1, count: bins)
        let channel = WS.Channel(
            name: "c",
            samples: [
                .init(name: "s", data: ones, modifiers: [.normfactor("mu"), .shapefactor("a"), .shapefactor("b")])
            ])
        let ws = WS(
            channels: [channel], measurements: [.init(name: "m", config: .init(poi: "mu", parameters: []))],
            observations: [.init(name: "c", data: ones)])
        #expect(Self.path(ws) == "channels")
    }

    @Test func channelsAndObservations() {
        var ws = Self.base
        ws.channels[2].name = "SR"
        #expect(Self.path(ws) == "channels[2].name")
        ws = Self.base
        ws.observations.remove(at: 2)
        #expect(Self.path(ws) == "observations")
        ws = Self.base
        ws.channels[1].samples = []
        #expect(Self.path(ws) == "channels[1].samples")
        ws = Self.base
        ws.channels[1].samples[1].name = "ttbar"
        #expect(Self.path(ws) == "channels[1].samples[1].name")
    }
}
