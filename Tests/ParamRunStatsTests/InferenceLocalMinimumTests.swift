import Foundation
import Testing
@testable import ParamRunStats

/// A conditional fit must not stop in the higher of two minima. With a strongly asymmetric
/// histosys (code 4p: hi +10, lo −40 in bin 2), −ln L(μ = 0.4767, α) on the background-only Asimov
/// data has minima near α ≈ −0.1 (the global one) and α ≈ 0.65; a fit warm-started from the μ = 0
/// fit (α̂ ≈ 1.15) settled in the second. pyhf 0.7.6, starting every fit at the suggested
/// initial values, gives the median expected CLs 0.053256 there (found by the interop suite).
@Suite struct InferenceLocalMinimumTests {
    static let workspace = HistFactoryWorkspace(
        channels: [
            .init(
                name: "channel1",
                samples: [
                    .init(name: "signal", data: [30, 45], modifiers: [.normfactor("mu")]),
                    .init(
                        name: "background", data: [100, 150],
                        modifiers: [
                            .init(name: "bkg_norm", type: "histosys", data: .hiLoData(hi: [100, 160], lo: [100, 110]))
                        ])
                ])
        ],
        measurements: [.init(name: "meas", config: .init(poi: "mu", parameters: []))],
        observations: [.init(name: "channel1", data: [100, 180])])

    @Test func expectedCLsTakesTheGlobalMinimum() throws {
        let model = try HistFactoryModel(workspace: Self.workspace)
        let calculator = try AsymptoticCalculator(model: model)
        // A fresh scan warm-starts from the Asimov data's unconditional fit, on the wrong side.
        let result = try calculator.cls(mu: 0.4767)
        #expect(abs(result.clsExpected[2] - 0.053256) < 2e-4)
    }
}
