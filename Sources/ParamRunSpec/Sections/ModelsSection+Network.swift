import ParamRunNN
import ParamRunSupport

/// Reading a model's network settings that have forms of their own: layer widths, the
/// initialization, the optimizer, the learning-rate schedule and early stopping.
extension ModelsSection {
    func readHidden(_ node: YAMLNode) -> [Int]? {
        guard let items = reader.list(node, "hidden") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "hidden must list at least one layer width")
            return nil
        }
        let widths = items.compactMap { reader.int($0, "a hidden layer width", min: 1) }
        return widths.count == items.count ? widths : nil
    }

    func readInit(_ node: YAMLNode) -> Initialization? {
        let names = ["normal", "glorot-uniform", "he-normal"]
        if let word = node.scalar, !node.isNull {
            switch word {
            case "glorot-uniform": return .glorotUniform
            case "he-normal": return .heNormal
            case "normal": return .normal(sigma: 0.1)
            default:
                let message =
                    "init must be normal, glorot-uniform, he-normal or {normal: SIGMA}, found "
                    + "'\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: names)
                reader.error(node, message)
                return nil
            }
        }
        guard let f = reader.fields(node, "init", allowed: ["normal"], required: ["normal"]), let sigma = f["normal"]
        else { return nil }
        return reader.double(sigma, "the normal init's sigma", 0...10, openBelow: true).map { .normal(sigma: $0) }
    }

    func readOptimizer(_ node: YAMLNode) -> OptimizerConfig? {
        guard let f = reader.fields(node, "optimizer", allowed: ["sgd", "adam"]) else { return nil }
        guard f.entries.count == 1, let entry = f.entries.first else {
            if f.entries.count > 1 { reader.error(node, "optimizer must name exactly one of sgd, adam") }
            return nil
        }
        if entry.key == "sgd" {
            guard let s = reader.fields(entry.value, "sgd", allowed: ["learning_rate", "momentum", "nesterov"]) else {
                return nil
            }
            let lr = s["learning_rate"].map { reader.double($0, "learning_rate", 0...100, openBelow: true) } ?? 0.1
            let momentum = s["momentum"].map { reader.double($0, "momentum", 0...0.999999) } ?? 0
            let nesterov = s["nesterov"].map { reader.bool($0, "nesterov") } ?? false
            if nesterov == true, momentum == 0, let n = s["nesterov"] {
                reader.error(n, "nesterov needs a momentum above 0")
            }
            guard let lr, let momentum, let nesterov else { return nil }
            return .sgd(learningRate: lr, momentum: momentum, nesterov: nesterov)
        }
        guard let a = reader.fields(entry.value, "adam", allowed: ["learning_rate", "beta1", "beta2", "epsilon"]) else {
            return nil
        }
        let lr = a["learning_rate"].map { reader.double($0, "learning_rate", 0...100, openBelow: true) } ?? 0.001
        let beta1 = a["beta1"].map { reader.double($0, "beta1", 0...0.999999) } ?? 0.9
        let beta2 = a["beta2"].map { reader.double($0, "beta2", 0...0.999999999) } ?? 0.999
        let epsilon = a["epsilon"].map { reader.double($0, "epsilon", 0...1, openBelow: true) } ?? 1e-8
        guard let lr, let beta1, let beta2, let epsilon else { return nil }
        return .adam(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    func readSchedule(_ node: YAMLNode) -> LearningRateSchedule? {
        if node.scalar == "constant" { return .constant }
        guard let f = reader.fields(node, "schedule", allowed: ["constant", "exponential", "step"]) else { return nil }
        guard f.entries.count == 1, let entry = f.entries.first else {
            if f.entries.count > 1 {
                reader.error(node, "schedule must name exactly one of constant, exponential, step")
            }
            return nil
        }
        switch entry.key {
        case "exponential":
            return reader.double(entry.value, "the exponential decay factor", 0...1, openBelow: true).map {
                .exponential(factor: $0)
            }
        case "step":
            guard
                let s = reader.fields(
                    entry.value, "step", allowed: ["every", "factor"], required: ["every", "factor"])
            else { return nil }
            let every = s["every"].flatMap { reader.int($0, "every", min: 1) }
            let factor = s["factor"].flatMap { reader.double($0, "factor", 0...1, openBelow: true) }
            guard let every, let factor else { return nil }
            return .step(every: every, factor: factor)
        default:
            return .constant
        }
    }

    func readEarlyStopping(_ node: YAMLNode) -> EarlyStopping? {
        guard let f = reader.fields(node, "early_stopping", allowed: ["patience", "min_delta"], required: ["patience"])
        else { return nil }
        let patience = f["patience"].flatMap { reader.int($0, "patience", min: 1) }
        let minDelta = f["min_delta"].map { reader.double($0, "min_delta", 0...Double.greatestFiniteMagnitude) } ?? 0
        guard let patience, let minDelta else { return nil }
        return EarlyStopping(patience: patience, minDelta: minDelta)
    }
}
