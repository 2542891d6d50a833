import Testing
@testable import ONNXFormat
import ParamRunSupport

/// Folding the input scaler into the first Gemm leaves the network's scores unchanged.
struct FoldingTests {
    @Test func foldsAHandComputedLayer() throws {
        // One input, one unit: w = 2, b = 1, offset 4, scale 0.5 → w′ = 1, b′ = 1 − 2·0.5·4 = −3.
        let layer = ONNXLayer(fanIn: 1, units: 1, weights: [2], bias: [1], activation: .identity)
        let network = ONNXNetworkDescription(
            inputCount: 1, layers: [layer],
            inputScaling: ONNXInputScaling(offsets: [4], scales: [0.5]))
        let folded = try network.foldingInputScaling()
        #expect(folded.layers[0].weights == [1])
        #expect(folded.layers[0].bias == [-3])
        #expect(folded.inputScaling == nil)
        #expect(try folded.evaluate(rows: [[10]]) == [[7]])
        #expect(try network.evaluate(rows: [[10]]) == [[7]])
    }

    enum Kind: String, CaseIterable { case standard, minmax }

    @Test(arguments: Kind.allCases, [ONNXActivation.relu, .tanh])
    func foldedAndUnfoldedAgreeOnSeededNetworks(kind: Kind, activation: ONNXActivation) throws {
        var worst = 0.0
        for seed in UInt64(1)...8 {
            var random = SeededGenerator(seed: seed)
            let columns = SeededNetworks.columns(6, using: &random)
            let scaling =
                kind == .standard ? SeededNetworks.standardScaling(columns) : SeededNetworks.minMaxScaling(columns)
            let network = SeededNetworks.network(
                inputs: 6, hidden: [32, 32], activation: activation, scaling: scaling, using: &random)
            let rows = SeededNetworks.rows(500, columns: columns, using: &random)
            let unfolded = try network.evaluate(rows: rows)
            let folded = try network.foldingInputScaling().evaluate(rows: rows)
            for (a, b) in zip(unfolded, folded) {
                worst = max(worst, abs(a[0] - b[0]) / max(abs(a[0]), 1e-30))
            }
        }
        #expect(worst <= 1e-6, "worst relative difference \(worst)")
    }

    @Test func aNetworkWithoutScalingFoldsToItself() throws {
        var random = SeededGenerator(seed: 5)
        let network = SeededNetworks.network(inputs: 3, hidden: [4], activation: .relu, scaling: nil, using: &random)
        #expect(try network.foldingInputScaling() == network)
    }
}
