import Foundation
@testable import ParamRunNN
import Testing

/// The engine learns: XOR, two half-moons, and the paper's parameterized toy problem.
@Suite struct LearningTests {
    @Test("XOR is learned exactly")
    func xor() throws {
        let points: [[Float]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
        var rows: [[Float]] = [], labels: [Float] = []
        for _ in 0..<50 {
            for p in points {
                rows.append(p)
                labels.append(p[0] == p[1] ? 0 : 1)
            }
        }
        let examples = LabeledExamples(features: try Matrix(rows), labels: labels)
        let config = TrainingConfig(
            initialization: .glorotUniform,
            optimizer: .sgd(learningRate: 0.5, momentum: 0.9, nesterov: true),
            batchSize: 4, epochs: 60, seed: 3, threads: 1)
        let result = try Trainer(
            architecture: Architecture(inputCount: 2, hidden: [8], activation: .tanh), config: config
        )
        .train(examples)
        let predictions = try result.network.predict(try Matrix(points))
        #expect(NNTestSupport.accuracy(predictions, [0, 1, 1, 0]) > 0.98, "\(predictions)")
        #expect(result.reports.last!.trainLoss < result.reports.first!.trainLoss)
    }

    @Test("two interleaved half-moons are learned to > 0.98 on held-out data")
    func halfMoons() throws {
        let train = NNTestSupport.halfMoons(rows: 2_000, noise: 0.1, seed: 1)
        let test = NNTestSupport.halfMoons(rows: 1_000, noise: 0.1, seed: 2)
        let config = TrainingConfig(
            initialization: .heNormal, optimizer: .adam(learningRate: 0.01),
            batchSize: 32, epochs: 25, seed: 4, threads: 1)
        let result = try Trainer(
            architecture: Architecture(inputCount: 2, hidden: [32, 32], activation: .relu), config: config
        )
        .train(train)
        let accuracy = NNTestSupport.accuracy(try result.network.predict(test.features), test.labels)
        #expect(accuracy > 0.98, "accuracy \(accuracy)")
    }

    @Test("a parameterized network interpolates to θ = 0.5, which it never saw")
    func paperToyInterpolation() throws {
        let train = NNTestSupport.toy(thetas: [-2, -1, 0, 1, 2], perClassPerTheta: 2_000, seed: 10)
        let config = TrainingConfig(
            initialization: .normal(sigma: 0.1), optimizer: .adam(learningRate: 0.005),
            schedule: .exponential(factor: 0.89), batchSize: 64, epochs: 20,
            validationFraction: 0.1, seed: 6, threads: 1)
        let scaler = InputScaler.standardizing(train.features)
        let result = try Trainer(
            architecture: Architecture(inputCount: 2, hidden: [32, 32], activation: .tanh), config: config
        )
        .train(train, scaler: scaler)
        let test = NNTestSupport.toy(thetas: [0.5], perClassPerTheta: 5_000, seed: 11)
        let scores = try result.network.predict(test.features)
        let auc = NNTestSupport.auc(scores: scores, labels: test.labels)
        #expect(auc > 0.9, "AUC at θ = 0.5: \(auc)")
        // The network uses θ: scored as if θ were 2, the same events separate far worse.
        var shifted = test.features
        for r in 0..<shifted.rows { shifted[r, 1] = 2 }
        let shiftedAUC = NNTestSupport.auc(scores: try result.network.predict(shifted), labels: test.labels)
        #expect(shiftedAUC < auc - 0.2, "AUC with the wrong θ: \(shiftedAUC)")
    }

    @Test("the rank AUC helper gives known values")
    func aucHelper() {
        #expect(NNTestSupport.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(NNTestSupport.auc(scores: [0.5, 0.5], labels: [0, 1]) == 0.5)
    }
}
