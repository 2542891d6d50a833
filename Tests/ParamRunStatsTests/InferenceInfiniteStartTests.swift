import Foundation
import Testing
@testable import ParamRunStats

/// A warm start where −ln L is infinite: with the histosys's hi template empty in bin 2, the best
/// fit's α > 1 pushes that bin's background below zero, which the signal (μ̂ > 0) covers; the
/// conditional fit at μ = 0 for q₀, warm-started there, starts at ν < 0 with n > 0. pyhf starts
/// from the initial values, and so does the second fit.
@Suite struct InferenceInfiniteStartTests {
    static let workspace = HistFactoryWorkspace(
        channels: [
            .init(
                name: "sr",
                samples: [
                    .init(name: "signal", data: [5, 30], modifiers: [.normfactor("mu")]),
                    .init(
                        name: "background", data: [10, 10],
                        modifiers: [
                            .init(name: "shape", type: "histosys", data: .hiLoData(hi: [25, 0], lo: [5, 15]))
                        ])
                ])
        ],
        measurements: [.init(name: "meas", config: .init(poi: "mu", parameters: []))],
        observations: [.init(name: "sr", data: [40, 30])])

    @Test func discoveryFallsBackToTheInitialStart() throws {
        let model = try HistFactoryModel(workspace: Self.workspace)
        let calculator = try AsymptoticCalculator(model: model)
        let best = try calculator.fit()
        let alpha = try #require(best.parameters.first { $0.name == "shape" }).value
        #expect(alpha > 1)
        let discovery = try calculator.discovery()
        #expect(discovery.zObserved.isFinite && discovery.zObserved > 0)
    }
}
