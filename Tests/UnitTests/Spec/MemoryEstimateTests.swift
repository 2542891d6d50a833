import ParamRunNN
import ParamRunSpec
import Testing

/// The one memory estimate, pinned against counts made by hand.
struct MemoryEstimateTests {
    // 3 inputs, hidden [4, 5], one output: (3+1)·4 + (4+1)·5 + (5+1)·1 = 47 parameters.
    // Affine θ maps add 2·(1+1)·units per hidden layer: 16 + 20, so 83.
    static let plain = Architecture(inputCount: 3, hidden: [4, 5], activation: .tanh)
    static let affine = Architecture(
        inputCount: 3, hidden: [4, 5], activation: .tanh,
        conditioning: .affine(thetaCount: 1))

    @Test func parameterCountsMatchAHandCount() {
        #expect(Self.plain.parameterCount == 47)
        #expect(Self.affine.parameterCount == 83)
    }

    @Test func trainingBytesCountEveryParameterCopy() {
        // SGD with 2 workers: weights, best copy, checkpoint, one momentum slot, two gradients = 6 copies of 4 bytes.
        let sgd = OptimizerConfig.sgd(learningRate: 0.1, momentum: 0.5)
        let plain = MemoryEstimate.training(Self.plain, batchSize: 10, workers: 2, optimizer: sgd, trainingEvents: 100)
        #expect(plain.parameters == 47 * 24)
        #expect(plain.activations == 10 * (10 * 2 + 3) * 4)
        #expect(plain.data == 100 * (3 + 2) * 4 * 2)
        let affine = MemoryEstimate.training(
            Self.affine, batchSize: 10, workers: 2, optimizer: sgd,
            trainingEvents: 100)
        #expect(affine.parameters == 83 * 24)
        #expect(affine.total == affine.parameters + plain.activations + plain.data)
    }

    @Test func eventTablesCountFeaturesLabelAndTheta() {
        #expect(MemoryEstimate.events(1000, features: 27) == 1000 * 29 * 4 * 2)
    }
}

/// The predictor's batch memory is part of the one estimate (issue 26, class 7).
@Suite struct PredictionMemoryTests {
    @Test func aWideNetworksEvaluationBatchIsEstimatedAsThePredictorLaysItOut() {
        let wide = Architecture(inputCount: 2, hidden: [100_000])
        // Two buffers of 10,000 rows × 100,000 floats dominate: 8 GB.
        let bytes = MemoryEstimate.prediction(wide)
        #expect(bytes > 8e9 && bytes < 8.1e9)
        let affine = Architecture(inputCount: 2, hidden: [100_000], conditioning: .affine(thetaCount: 1))
        #expect(MemoryEstimate.prediction(affine) > 16e9)
    }
}
