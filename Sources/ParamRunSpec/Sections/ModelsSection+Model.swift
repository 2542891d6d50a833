import ParamRunData
import ParamRunNN
import ParamRunSupport

/// Reading one model: what it trains on, then its network settings, then whether it fits in memory.
extension ModelsSection {
    /// What a model trains on, read before its network settings; a nil field failed to read.
    struct TrainingData {
        var kind: ModelSpec.Kind?
        var trainData: String
        var trainDataNode: YAMLNode?
        var dataset: DatasetSpec?
        var trainMasses: [Double]?
        var heldOut: [Double]?
        var trainPoints: [ThetaPoint]?
        var heldOutPoints: [ThetaPoint]?
        var conditionInputs: [String]?
        var backgroundTheta: BackgroundStrategy?
    }

    /// `own`: the keys written in the model's own mapping, as against those filled in from `network:`.
    func readModel(_ name: String, _ node: YAMLNode, sweep: String?, own: Set<String>) -> ModelSpec? {
        let context = "model '\(name)'"
        guard let f = reader.fields(node, context, allowed: Self.keys, required: ["type", "hidden", "epochs"]) else {
            return nil
        }
        let data = readTrainingData(f, node: node, context: context)
        return readNetwork(f, node: node, name: name, sweep: sweep, own: own, data: data)
    }

    func readTrainingData(_ f: NodeReader.Fields, node: YAMLNode, context: String) -> TrainingData {
        let kind = f["type"].flatMap { reader.choice($0, "type", as: ModelSpec.Kind.self) }
        let trainDataNode = f["train_data"]
        let trainData = trainDataNode.flatMap { reader.string($0, "train_data") } ?? "train"
        let dataset = datasets.first { $0.name == trainData }
        if dataset == nil, !declaredDatasets.contains(trainData) {
            let message =
                "\(context) trains on dataset '\(trainData)', which is not defined"
                + Suggestion.didYouMean(trainData, in: datasets.map(\.name))
            reader.error(trainDataNode ?? node, message)
        }
        let allowNegative = dataset?.source.type?.allowsNegativeMasses ?? false
        if let both = f.entries.first(where: { $0.key == "train_points" }), f.has("train_masses") {
            reader.error(both.keyNode, "\(context) gives both 'train_masses' and 'train_points'; write one")
        }
        let trainNode = f["train_masses"] ?? f["train_points"]
        var trainPoints: [ThetaPoint]?
        var heldOutPoints: [ThetaPoint]?
        if hasConditions {
            (trainPoints, heldOutPoints) = readTrainingPoints(
                f, trainNode: trainNode, dataset: dataset, context: context, allowNegative: allowNegative)
        } else {
            (trainPoints, heldOutPoints) = readTrainingMasses(
                f, node: node, trainNode: trainNode, dataset: dataset,
                context: context, allowNegative: allowNegative)
        }
        var distinctTrain = MassSet()
        var distinctHeld = MassSet()
        let trainMasses = trainPoints.map { $0.map(\.mass).filter { distinctTrain.insert($0) } }
        let heldOut = heldOutPoints.map { $0.map(\.mass).filter { distinctHeld.insert($0) } }
        if kind == .fixed, let points = trainPoints, points.count != 1 {
            reader.error(
                trainNode ?? f["type"]!,
                "a fixed network trains at exactly one "
                    + "\(hasConditions ? "point" : "mass"), but \(context) has \(points.count) "
                    + "(\(points.map(parameters.describe).joined(separator: ", "))); use type: mixture to pool several")
        }
        let conditionInputs = readConditionInputs(f["parameters"], kind: kind)
        let backgroundTheta =
            f["background_theta"].map { reader.choice($0, "background_theta", as: BackgroundStrategy.self) } ?? .sample
        return TrainingData(
            kind: kind, trainData: trainData, trainDataNode: trainDataNode, dataset: dataset,
            trainMasses: trainMasses, heldOut: heldOut, trainPoints: trainPoints,
            heldOutPoints: heldOutPoints, conditionInputs: conditionInputs,
            backgroundTheta: backgroundTheta)
    }

    /// Training and held-out masses when θ is the mass alone: `train_masses` (default: the
    /// dataset's masses less `held_out`) and `held_out`, each a mass of the dataset.
    func readTrainingMasses(
        _ f: NodeReader.Fields, node: YAMLNode, trainNode: YAMLNode?, dataset: DatasetSpec?,
        context: String, allowNegative: Bool
    ) -> (train: [ThetaPoint]?, heldOut: [ThetaPoint]?) {
        let heldOut = f["held_out"].map { reader.masses($0, "held_out", allowNegative: allowNegative) } ?? []
        var trainMasses =
            trainNode.map { node in
                f.has("train_points")
                    ? parameters.points(node, "train_points", allowNegative: allowNegative)?.map(\.point.mass)
                    : reader.masses(node, "train_masses", allowNegative: allowNegative)
            }
            ?? dataset.map { d in
                let held = MassSet(heldOut ?? [])
                return d.masses.filter { !held.contains($0) }
            }
        let datasetMasses = MassSet(dataset?.masses ?? [])
        if let dataset, let heldOut, let held = f["held_out"] {
            for m in heldOut where !datasetMasses.contains(m) {
                reader.error(
                    held,
                    "held-out mass \(formatNumber(m)) is not among the masses of dataset "
                        + "'\(dataset.name)' (\(dataset.masses.map(formatNumber).joined(separator: ", ")))")
            }
        }
        if let masses = trainMasses, let node = trainNode {
            if let dataset {
                for m in masses where !datasetMasses.contains(m) {
                    reader.error(
                        node,
                        "training mass \(formatNumber(m)) is not among the masses of dataset "
                            + "'\(dataset.name)' (\(dataset.masses.map(formatNumber).joined(separator: ", ")))")
                }
            }
            let training = MassSet(masses)
            for m in heldOut ?? [] where training.contains(m) {
                reader.error(f["held_out"]!, "held-out mass \(formatNumber(m)) is also a training mass of \(context)")
            }
        }
        if trainMasses?.isEmpty == true {
            reader.error(trainNode ?? node, "\(context) has no training masses left")
            trainMasses = nil
        }

        let trainPoints = trainMasses.map { $0.map { ThetaPoint(mass: $0) } }
        let heldOutPoints = heldOut.map { $0.map { ThetaPoint(mass: $0) } }
        return (trainPoints, heldOutPoints)
    }

    /// The model's network settings, its memory check, and the model itself when all read.
    func readNetwork(
        _ f: NodeReader.Fields, node: YAMLNode, name: String, sweep: String?, own: Set<String>,
        data: TrainingData
    ) -> ModelSpec? {
        let context = "model '\(name)'"
        let kind = data.kind
        let hidden = f["hidden"].flatMap(readHidden)
        let activation = f["activation"].map { reader.choice($0, "activation", as: Activation.self) } ?? .relu
        let initialization = f["init"].map(readInit) ?? .normal(sigma: 0.1)
        let optimizer = f["optimizer"].map(readOptimizer) ?? .sgd(learningRate: 0.1, momentum: 0.5, nesterov: false)
        let weightDecay = f["weight_decay"].map { reader.double($0, "weight_decay", 0...1) } ?? 0
        let batchSize = f["batch_size"].map { reader.int($0, "batch_size", min: 1) } ?? 100
        if let b = batchSize, b > 10_000, let n = f["batch_size"] {
            reader.error(n, "batch_size must be at most 10000, found \(b)")
        }
        let epochs = f["epochs"].flatMap { reader.int($0, "epochs", min: 1) }
        let schedule = f["schedule"].map(readSchedule) ?? .constant
        let earlyNode = f["early_stopping"]
        let early = earlyNode.flatMap(readEarlyStopping)
        let validation =
            f["validation_fraction"].map { reader.double($0, "validation_fraction", 0...0.9) }
            ?? Double?(earlyNode == nil ? 0 : 0.1)
        if early != nil, validation == 0, let n = earlyNode {
            reader.error(n, "early_stopping needs a validation_fraction above 0")
        }
        let balance = f["balance"].map { reader.bool($0, "balance") } ?? true
        let threads = f["threads"].map { reader.int($0, "threads", min: 1) } ?? 1
        if let t = threads, t > 64, let n = f["threads"] { reader.error(n, "threads must be at most 64, found \(t)") }
        // Shards fix how a minibatch is cut, and so the result; threads only share them out. Without
        // shards, the threads asked for: an older spec's `threads: 2` keeps its two-way split.
        let shards = f["shards"].map { reader.int($0, "shards", min: 1) } ?? TrainingConfig.shards(forThreads: threads)
        if let s = shards, s > 64, let n = f["shards"] { reader.error(n, "shards must be at most 64, found \(s)") }
        // One shard is shared among threads by rows; several are shared whole, one per thread at most.
        if let t = threads, let s = shards, s > 1, t > s, s <= 64, let n = f["threads"] {
            reader.error(
                n,
                "threads (\(t)) cannot exceed shards (\(s)): each thread runs whole shards of a minibatch; "
                    + "set shards: \(t) or more, or shards: 1")
        }
        let conditioning = f["conditioning"].map { reader.choice($0, "conditioning", as: ModelSpec.Conditioning.self) }
        let thetaNoise = f["theta_noise"].map { reader.double($0, "theta_noise", 0...(.infinity)) }
        let theta = f["theta"].map { reader.choice($0, "theta", as: ModelSpec.ThetaTreatment.self) }
        // A fixed or mixture network never sees θ. Written in its own mapping, these keys are a
        // mistake; inherited from `network:` defaults shared with parameterized models, they are ignored.
        if let kind, kind != .parameterized {
            for key in ["conditioning", "theta_noise", "theta"] where own.contains(key) {
                if let n = f[key] {
                    reader.error(n, "\(key) applies to parameterized networks only; \(context) is \(kind.rawValue)")
                }
            }
        }
        let parameterized = kind == .parameterized

        if let kind, let hidden, let optimizer, let batchSize, let shards {
            checkTrainingMemory(
                f, node: node, context: context, data: data, kind: kind, hidden: hidden,
                conditioning: parameterized ? conditioning ?? nil : nil,
                optimizer: optimizer, batchSize: batchSize, shards: shards)
        }
        let trainData = data.trainData
        let conditionInputs = data.conditionInputs
        let backgroundTheta = data.backgroundTheta
        guard let trainMasses = data.trainMasses, let heldOut = data.heldOut, let trainPoints = data.trainPoints,
            let heldOutPoints = data.heldOutPoints
        else { return nil }
        guard let kind, let conditionInputs, let backgroundTheta, let hidden, let activation, let initialization,
            let optimizer, let weightDecay, let batchSize, let epochs, let schedule, earlyNode == nil || early != nil,
            let validation, let balance, let threads, let shards, conditioning != .some(nil), thetaNoise != .some(nil),
            theta != .some(nil)
        else { return nil }
        return ModelSpec(
            name: name, sweep: sweep, kind: kind, trainData: trainData, trainMasses: trainMasses,
            heldOut: heldOut, hidden: hidden, activation: activation, initialization: initialization,
            optimizer: optimizer, weightDecay: weightDecay, batchSize: batchSize, epochs: epochs,
            schedule: schedule, validationFraction: validation, earlyStopping: early, balance: balance,
            threads: threads, trainPoints: trainPoints, heldOutPoints: heldOutPoints,
            conditionInputs: conditionInputs, backgroundTheta: backgroundTheta, shards: shards,
            conditioning: parameterized ? conditioning.flatMap { $0 == .concat ? nil : $0 } : nil,
            thetaNoise: parameterized ? thetaNoise.flatMap { $0 == 0 ? nil : $0 } : nil,
            theta: parameterized ? theta.flatMap { $0 == .given ? nil : $0 } : nil)
    }

    /// Refuses a training that would not fit, at the setting that makes it large.
    func checkTrainingMemory(
        _ f: NodeReader.Fields, node: YAMLNode, context: String, data: TrainingData,
        kind: ModelSpec.Kind, hidden: [Int], conditioning: ModelSpec.Conditioning?,
        optimizer: OptimizerConfig, batchSize: Int,
        shards: Int
    ) {
        let dataset = data.dataset
        let trainDataNode = data.trainDataNode
        let conditionInputs = data.conditionInputs
        let features =
            dataset.flatMap { $0.source.type?.init(path: $0.source.path.map(resolve)).featureNames.count } ?? 1
        var events = 0.0
        if let dataset, dataset.source.isGenerator {
            let settings = Double(max(1, ThetaPoint.conditionSettings(of: dataset.points).count))
            events =
                Double(dataset.signalPerMass ?? 0) * Double(max(dataset.masses.count, dataset.points.count))
                + Double(dataset.background ?? 0) * settings
        }
        let inputs = features + (kind == .parameterized ? 1 + (conditionInputs?.count ?? 0) : 0)
        let shape = Architecture(
            inputCount: inputs, hidden: hidden, conditioning: ModelSpec.engineConditioning(conditioning))
        let estimate = MemoryEstimate.training(
            shape, batchSize: batchSize, workers: shards, optimizer: optimizer, trainingEvents: events)
        let culprit =
            estimate.parameters >= max(estimate.activations, estimate.data)
            ? f["hidden"]
            : estimate.activations >= estimate.data ? f["batch_size"] ?? f["hidden"] : trainDataNode ?? f["type"]
        checkMemory(
            MemoryEstimate.prediction(shape), at: f["hidden"] ?? node,
            "applying \(context) to \(MemoryEstimate.predictionBatch) events at a time (its widest layer "
                + "holds \(shape.layers.map(\.units).max() ?? 0) values per event, twice)")
        checkMemory(
            estimate.total, at: culprit ?? node,
            "training \(context) (\(ByteSize.describe(estimate.parameters)) for weights and optimizer state, "
                + "\(ByteSize.describe(estimate.activations)) for a batch, "
                + "\(ByteSize.describe(estimate.data)) of events)"
        )
    }

    /// Training and held-out points of a model when θ has conditions: `train_points` (default:
    /// the dataset's points less `held_out`) and `held_out`, each a point of the dataset.
    func readTrainingPoints(
        _ f: NodeReader.Fields, trainNode: YAMLNode?, dataset: DatasetSpec?, context: String,
        allowNegative: Bool
    ) -> (train: [ThetaPoint]?, heldOut: [ThetaPoint]?) {
        let heldNode = f["held_out"]
        let held = heldNode.map { parameters.points($0, "held_out", allowNegative: allowNegative) } ?? []
        let given = trainNode.map { parameters.points($0, "train_points", allowNegative: allowNegative) }
        let datasetPoints = ThetaPointIndex(dataset?.points ?? [])
        func inDataset(_ entries: [(point: ThetaPoint, node: YAMLNode)]?, _ what: String) {
            guard let dataset, let entries else { return }
            for entry in entries where !datasetPoints.contains(entry.point) {
                reader.error(
                    entry.node,
                    "\(what) point \(parameters.describe(entry.point)) is not among the points of "
                        + "dataset '\(dataset.name)'")
            }
        }
        inDataset(held, "held-out")
        inDataset(given ?? nil, "training")
        let heldPoints = held?.map(\.point)
        let heldIndex = ThetaPointIndex(heldPoints ?? [])
        var train =
            given.map { $0?.map(\.point) }
            ?? dataset.map { d in d.points.filter { !heldIndex.contains($0) } }
        if let given = given ?? nil, heldPoints != nil {
            for entry in given where heldIndex.contains(entry.point) {
                reader.error(
                    entry.node,
                    "held-out point \(parameters.describe(entry.point)) is also a "
                        + "training point of \(context)")
            }
        }
        if train?.isEmpty == true {
            reader.error(trainNode ?? f.node, "\(context) has no training points left")
            train = nil
        }
        return (train, heldPoints)
    }

    /// `parameters: [mass, jes]` on a model: the θ components a parameterized network takes;
    /// default every declared one. Returns the conditions among them.
    func readConditionInputs(_ node: YAMLNode?, kind: ModelSpec.Kind?) -> [String]? {
        let declared = parameters.parameters.map(\.name)
        guard let node else { return kind == .parameterized ? Array(declared.dropFirst()) : [] }
        if let kind, kind != .parameterized {
            reader.error(
                node,
                "parameters names the θ components a parameterized network takes, but this network is "
                    + "\(kind.rawValue) and takes none")
            return nil
        }
        guard let items = reader.list(node, "parameters") else { return nil }
        var names: [String] = []
        for item in items {
            guard let name = reader.string(item, "a θ component") else { return nil }
            guard declared.contains(name) else {
                reader.error(
                    item,
                    "θ component '\(Excerpt.value(name))' is not declared in parameters "
                        + "(\(declared.joined(separator: ", ")))" + Suggestion.didYouMean(name, in: declared))
                return nil
            }
            guard !names.contains(name) else {
                reader.error(item, "parameters lists '\(name)' twice")
                return nil
            }
            names.append(name)
        }
        guard names.contains(ParameterSpec.mass) else {
            reader.error(
                node,
                "a parameterized network takes the mass: parameters must include "
                    + "'\(ParameterSpec.mass)'")
            return nil
        }
        // Network inputs follow the declaration order, whatever order the list is written in.
        return declared.dropFirst().filter(names.contains)
    }
}
