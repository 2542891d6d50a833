@testable import ParamRunNN
import Testing

/// Bad inputs and configurations fail before training, naming the row or the value.
@Suite struct InputValidationTests {
    private let architecture = Architecture(inputCount: 2, hidden: [4], activation: .relu)
    private var trainer: Trainer {
        try! Trainer(architecture: architecture, config: TrainingConfig(epochs: 1, threads: 1))
    }
    private func features(_ rows: Int) -> Matrix {
        try! Matrix(rows: rows, columns: 2, values: (0..<(2 * rows)).map { Float($0) * 0.1 })
    }

    private func failure(_ examples: LabeledExamples) -> NNError? {
        do {
            _ = try trainer.train(examples)
            return nil
        } catch {
            return error as? NNError
        }
    }

    @Test("a NaN or infinite feature names its row and column")
    func nonFiniteFeatures() {
        var x = features(6)
        x[3, 1] = .nan
        guard
            case let .nonFiniteFeature(row, column, _)? = failure(
                LabeledExamples(features: x, labels: Array(repeating: 0, count: 6)))
        else {
            Issue.record("NaN feature not rejected")
            return
        }
        #expect(row == 3 && column == 1)
        x[3, 1] = 0
        x[5, 0] = -.infinity
        #expect(
            failure(LabeledExamples(features: x, labels: Array(repeating: 0, count: 6)))
                == .nonFiniteFeature(row: 5, column: 0, value: -.infinity))
    }

    @Test("labels must be finite, and 0 or 1 for cross-entropy")
    func labels() {
        var labels: [Float] = [0, 1, 0, 1, 0, 1]
        labels[2] = .infinity
        #expect(
            failure(LabeledExamples(features: features(6), labels: labels)) == .nonFiniteLabel(row: 2, value: .infinity)
        )
        labels[2] = 0
        labels[4] = 2
        #expect(failure(LabeledExamples(features: features(6), labels: labels)) == .labelNotBinary(row: 4, value: 2))
        labels[4] = 0.5
        #expect(failure(LabeledExamples(features: features(6), labels: labels)) == .labelNotBinary(row: 4, value: 0.5))
    }

    @Test("shapes must agree")
    func shapes() {
        #expect(failure(LabeledExamples(features: features(6), labels: [0, 1])) != nil)
        if case .shapeMismatch? = failure(LabeledExamples(features: features(6), labels: [0, 1])) {
        } else {
            Issue.record("labels")
        }
        let wide = Matrix(rows: 4, columns: 3)
        if case .shapeMismatch? = failure(LabeledExamples(features: wide, labels: [0, 1, 0, 1])) {
        } else {
            Issue.record("columns")
        }
        if case .shapeMismatch? = failure(LabeledExamples(features: features(4), labels: [0, 1, 0, 1], weights: [1, 1]))
        {
        } else {
            Issue.record("weights")
        }
        #expect(throws: NNError.shapeMismatch(what: "matrix values", expected: "2 × 3 = 6", found: "5")) {
            try Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5])
        }
    }

    @Test("weights must be finite and not negative")
    func weights() {
        #expect(
            failure(LabeledExamples(features: features(3), labels: [0, 1, 0], weights: [1, -1, 1]))
                == .invalidWeight(row: 1, value: -1))
    }

    @Test(
        "invalid configurations are refused",
        arguments: [
            TrainingConfig(batchSize: 0), TrainingConfig(batchSize: 10_001), TrainingConfig(epochs: 0),
            TrainingConfig(validationFraction: 1), TrainingConfig(optimizer: .sgd(learningRate: 0.1, momentum: 1)),
            TrainingConfig(optimizer: .adam(learningRate: -1)), TrainingConfig(weightDecay: -1),
            TrainingConfig(initialization: .normal(sigma: 0)), TrainingConfig(threads: 0),
            TrainingConfig(earlyStopping: EarlyStopping(patience: 0))
        ])
    func configurations(config: TrainingConfig) {
        #expect(throws: NNError.self) { try Trainer(architecture: architecture, config: config) }
    }

    @Test("cross-entropy needs a sigmoid output; squared error takes any labels")
    func lossAndOutput() throws {
        let linear = Architecture(inputCount: 2, hidden: [4], activation: .relu, output: .linear)
        #expect(throws: NNError.self) { try Trainer(architecture: linear, config: TrainingConfig()) }
        let regression = try Trainer(
            architecture: linear,
            config: TrainingConfig(
                loss: .meanSquaredError, batchSize: 2, epochs: 2,
                threads: 1))
        let result = try regression.train(LabeledExamples(features: features(6), labels: [3, -2, 0.5, 7, 1, 2]))
        #expect(result.reports.count == 2 && result.reports.allSatisfy { $0.trainLoss.isFinite })
    }

    @Test("early stopping without validation data is refused")
    func earlyStoppingNeedsValidation() throws {
        let trainer = try Trainer(
            architecture: architecture,
            config: TrainingConfig(epochs: 2, earlyStopping: EarlyStopping(patience: 1), threads: 1))
        #expect {
            _ = try trainer.train(features: features(4), labels: [0, 1, 0, 1])
        } throws: { error in
            if case .invalidConfiguration? = error as? NNError { return true }
            return false
        }
    }
}
