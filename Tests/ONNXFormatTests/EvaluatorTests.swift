import Foundation
import Testing
@testable import ONNXFormat

/// The reference forward pass against values computed by hand.
struct EvaluatorTests {
    @Test func scoresATinyNetworkByHand() throws {
        // Hidden: h0 = relu(1·x0 − 1·x1 + 0.5), h1 = relu(2·x0 + 1·x1 − 1); output sigmoid(h0 − h1).
        let hidden = ONNXLayer(fanIn: 2, units: 2, weights: [1, -1, 2, 1], bias: [0.5, -1], activation: .relu)
        let output = ONNXLayer(fanIn: 2, units: 1, weights: [1, -1], bias: [0], activation: .sigmoid)
        let network = ONNXNetworkDescription(inputCount: 2, layers: [hidden, output])
        let scores = try network.evaluate(rows: [[1, 2], [3, 0], [0, 0]])
        // [1,2]: h = (0, 3) → σ(−3).  [3,0]: h = (3.5, 5) → σ(−1.5).  [0,0]: h = (0.5, 0) → σ(0.5).
        let expected = [-3.0, -1.5, 0.5].map { 1 / (1 + exp(-$0)) }
        for (s, e) in zip(scores, expected) { #expect(abs(s[0] - e) < 1e-15) }
    }

    @Test func activationsFollowTheONNXDefinitions() {
        #expect(ONNXActivation.relu.apply(-2) == 0)
        #expect(ONNXActivation.relu.apply(2) == 2)
        #expect(ONNXActivation.leakyRelu(alpha: 0.25).apply(-2) == -0.5)
        #expect(ONNXActivation.identity.apply(-2) == -2)
        #expect(ONNXActivation.tanh.apply(0.5) == tanh(0.5))
        #expect(ONNXActivation.sigmoid.apply(-800) >= 0)
        #expect(ONNXActivation.sigmoid.apply(800) == 1)
        #expect(abs(ONNXActivation.sigmoid.apply(-30) - exp(-30) / (1 + exp(-30))) < 1e-25)
    }

    @Test func aRowOfTheWrongWidthIsRefusedByIndex() {
        let layer = ONNXLayer(fanIn: 2, units: 1, weights: [1, 1], bias: [0], activation: .sigmoid)
        let network = ONNXNetworkDescription(inputCount: 2, layers: [layer])
        #expect(throws: ONNXError.invalidInput(row: 1, expected: 2, found: 3)) {
            try network.evaluate(rows: [[1, 2], [1, 2, 3]])
        }
    }
}
