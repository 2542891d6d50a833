import Foundation

/// Does one stage's work in this process: reads its inputs from the store, computes, and
/// publishes the result atomically. `paramrun stage` (what every local worker and cluster job
/// runs) is a thin wrapper around it.
public struct StageExecutor: Sendable {
    public enum Outcome: Equatable, Sendable { case done, cached }

    public let spec: Spec
    public let graph: StageGraph
    public let store: ArtifactStore
    /// The outputs folder; HEPMASS `.npy` copies go to its `.cache`.
    public let outputs: URL
    /// Receives progress as it happens (epochs, messages).
    public let emit: @Sendable (RunEvent) -> Void

    public init(spec: Spec, graph: StageGraph, outputs: URL, emit: @escaping @Sendable (RunEvent) -> Void = { _ in }) {
        self.spec = spec
        self.graph = graph
        self.outputs = outputs
        self.store = ArtifactStore(outputs: outputs)
        self.emit = emit
    }

    /// Runs `stage` with `threads` BLAS threads, unless its result is already in the store.
    public func run(_ stage: Stage, threads: Int) throws -> Outcome {
        if store.contains(stage.key) { return .cached }
        for input in stage.inputs {
            guard let key = graph[input]?.key, store.contains(key) else {
                throw RunError.missingInput(stage: stage.id.description, input: input.description)
            }
        }
        // Two runs of specs that share this stage must not both compute it: the second waits,
        // then finds the result in the store.
        let lock = try FileLock(store.root.appendingPathComponent(".locks").appendingPathComponent("\(stage.key).lock"))
        try lock.acquire()
        defer { lock.release() }
        if store.contains(stage.key) { return .cached }

        BLASRuntime.setThreads(threads)
        let started = Date()
        let workspace = try store.makeWorkspace(for: stage.key)
        do {
            switch stage.id.kind {
            case .load: try load(stage, into: workspace)
            case .scale: try scale(stage, into: workspace)
            case .train: try train(stage, threads: threads, into: workspace)
            case .evaluate: try evaluate(stage, into: workspace)
            case .report: try report(stage, into: workspace)
            }
        } catch {
            try? FileManager.default.removeItem(at: workspace)
            throw error
        }
        let metadata = StageMetadata(
            id: stage.id.description, key: stage.key, spec: spec.file, specName: spec.name,
            inputs: Dictionary(uniqueKeysWithValues: stage.inputs.map { ($0.description, graph[$0]!.key) }),
            configuration: stage.configuration, started: started, finished: Date(), toolVersion: ParamRun.version,
            blas: BLASRuntime.summary, threads: threads, host: ProcessInfo.processInfo.hostName)
        try store.commit(workspace, key: stage.key, metadata: metadata)
        return .done
    }

    func inputDirectory(_ id: StageID) -> URL {
        store.directory(for: graph[id]!.key)
    }

    func configuration<T: Decodable>(_ stage: Stage, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(stage.configuration.utf8))
    }


    // MARK: load

    func load(_ stage: Stage, into workspace: URL) throws {
        let c = try configuration(stage, as: Planner.LoadConfiguration.self)
        let source: DataSource
        switch c.source {
        case .toy: source = .toy
        case .xttbar: source = .xttbar
        case .hepmass(let path): source = .hepmass(path: spec.resolve(path))
        case .mwwbb(let path): source = .mwwbb(directory: spec.resolve(path))
        }
        let part: DataPart
        switch c.part {
        case .all: part = .all
        case .train: part = .train
        case .test: part = .test
        }
        // Generators draw fresh events per dataset; a file's train and test parts must share one
        // split, so file sources use the spec-wide split seed.
        let seed = c.source.isGenerator ? c.seed : c.splitSeed
        let request = DatasetRequest(
            source: source, masses: c.masses, signalPerMass: c.signalPerMass, background: c.background,
            backgroundTheta: .sampled, part: part, testFraction: c.testFraction, validationFraction: 0,
            features: .all, seed: seed, cacheDirectory: outputs.appendingPathComponent(".cache").path)
        emit(message(stage, "loading \(c.source)"))
        let table = try DatasetLoader.load(request)
        try table.writeArtifacts(to: workspace)
        emit(message(stage, "\(table.count) events (\(table.labels.filter { $0 == 1 }.count) signal)"))
    }

    // MARK: scale

    func scale(_ stage: Stage, into workspace: URL) throws {
        let c = try configuration(stage, as: Planner.ScaleConfiguration.self)
        let table = try EventTable.readArtifacts(from: inputDirectory(stage.inputs[0]))
        var rows: [Int] = []
        for i in 0..<table.count where table.labels[i] == 0 || c.trainMasses.contains(where: { sameMass(Double(table.theta[i]), $0) }) {
            rows.append(i)
        }
        var training = try table.rows(rows).selecting(c.features)
        // Background θ was drawn from all the dataset's masses; a network that holds a mass out
        // must not see background at that mass either, or θ alone would flag it as background.
        var generator = SeededGenerator(seed: c.seed)
        for i in 0..<training.count where training.labels[i] == 0 {
            if !c.trainMasses.contains(where: { sameMass(Double(training.theta[i]), $0) }) {
                training.theta[i] = Float(c.trainMasses[generator.nextIndex(below: c.trainMasses.count)])
            }
        }
        guard training.labels.contains(1) else {
            throw RunError.stageFailed(stage: stage.id.description, message: "no signal events at the training masses \(c.trainMasses.map(formatNumber).joined(separator: ", "))", log: nil)
        }
        let kind: Scaler.Kind = c.scale == .standard ? .standard : c.scale == .minmax ? .minMax : .identity
        let scaler = Scaler.fit(training, kind: kind)
        try training.writeArtifacts(to: workspace)
        try scaler.save(to: workspace.appendingPathComponent("scaler.json"))
    }

    // MARK: train

    func train(_ stage: Stage, threads: Int, into workspace: URL) throws {
        let c = try configuration(stage, as: Planner.TrainConfiguration.self)
        let model = c.model
        let directory = inputDirectory(stage.inputs[0])
        let table = try EventTable.readArtifacts(from: directory)
        let scaler = try Scaler.load(from: directory.appendingPathComponent("scaler.json"))
        let parameterized = model.kind == .parameterized
        let inputs = try Self.networkInputs(table, theta: parameterized)
        var pairs = try scaler.inputColumns()
        if !parameterized { pairs.removeLast() }
        let inputScaler = try InputScaler(offsets: pairs.map(\.offset), scales: pairs.map(\.scale))
        let weights = model.balance ? Self.balancingWeights(table.labels) : nil
        let examples = LabeledExamples(features: inputs, labels: table.labels, weights: weights)

        let architecture = Architecture(inputCount: inputs.columns, hidden: model.hidden, activation: model.activation)
        let config = TrainingConfig(
            initialization: model.initialization, optimizer: model.optimizer, weightDecay: model.weightDecay,
            schedule: model.schedule, batchSize: model.batchSize, epochs: model.epochs,
            validationFraction: model.validationFraction, earlyStopping: model.earlyStopping, seed: c.seed, threads: threads)
        let trainer = try Trainer(architecture: architecture, config: config)
        let id = stage.id.description
        let started = Date()
        var firstEpoch: Int?
        let result = try trainer.train(examples, scaler: inputScaler,
                                       checkpointDirectory: try store.resumeDirectory(for: stage.key)) { report in
            // After a resume the first epoch here is not epoch 1: pace the ETA on this process's epochs.
            let first = firstEpoch ?? report.epoch
            firstEpoch = first
            let elapsed = Date().timeIntervalSince(started)
            var event = RunEvent(.epoch, stage: id)
            event.epoch = report.epoch
            event.epochs = report.totalEpochs
            event.loss = report.trainLoss
            event.validationLoss = report.validationLoss
            event.validationAUC = report.validationAUC
            event.learningRate = report.learningRate
            event.elapsed = elapsed
            event.eta = elapsed / Double(report.epoch - first + 1) * Double(report.totalEpochs - report.epoch)
            emit(event)
        }
        var network = result.network
        network.featureNames = table.featureNames + (parameterized ? ["theta"] : [])
        network.thetaColumn = parameterized ? table.featureCount : nil
        network.metadata["type"] = model.kind.rawValue
        network.metadata["train_masses"] = model.trainMasses.map(formatNumber).joined(separator: ",")
        network.metadata["held_out"] = model.heldOut.map(formatNumber).joined(separator: ",")
        try ModelFile.write(network, to: workspace.appendingPathComponent("model.\(ModelFile.pathExtension)"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(result.reports).write(to: workspace.appendingPathComponent("training.json"))
    }

    /// The network's output for every event of `table`, which must carry the network's features
    /// (θ already set for a parameterized one); also the labels and the selected table.
    static func score(_ network: Network, _ table: EventTable) throws -> (scores: [Float], labels: [Float], selected: EventTable) {
        let featureNames = network.thetaColumn == nil ? network.featureNames : Array(network.featureNames.dropLast())
        let selected = try table.selecting(.names(featureNames))
        let inputs = try networkInputs(selected, theta: network.thetaColumn != nil)
        return (try network.predict(inputs), selected.labels, selected)
    }

    /// The table's features as a network's input rows, with θ as the last column only for a
    /// parameterized network: fixed and mixture networks never see it.
    static func networkInputs(_ table: EventTable, theta: Bool) throws -> Matrix {
        let (values, columns) = try table.inputMatrix(selection: .all)
        guard !theta else { return try Matrix(rows: table.count, columns: columns, values: values) }
        var stripped = [Float]()
        stripped.reserveCapacity(table.count * (columns - 1))
        for r in 0..<table.count { stripped.append(contentsOf: values[(r * columns)..<(r * columns + columns - 1)]) }
        return try Matrix(rows: table.count, columns: columns - 1, values: stripped)
    }

    /// Weights that give signal and background equal total weight, with mean weight 1.
    static func balancingWeights(_ labels: [Float]) -> [Float] {
        let signal = labels.reduce(0) { $0 + Double($1) }
        let background = Double(labels.count) - signal
        guard signal > 0, background > 0 else { return [Float](repeating: 1, count: labels.count) }
        let ws = Float(Double(labels.count) / (2 * signal)), wb = Float(Double(labels.count) / (2 * background))
        return labels.map { $0 == 1 ? ws : wb }
    }

    // MARK: evaluate

    /// The file names an evaluate stage writes, for the runner and the report to find.
    public enum EvaluationFiles {
        public static let scores = "scores.npy"
        public static let labels = "labels.npy"
        public static let roc = "roc.csv"
        public static let auc = "auc.json"
        /// For one-feature networks: the output over the feature's range at this θ (Fig. 2, bottom).
        public static let response = "response.csv"
    }

    /// One evaluation's summary, as `auc.json` holds it.
    public struct EvaluationSummary: Codable, Sendable, Equatable {
        public var model: String
        public var type: String
        public var mass: Double
        public var auc: Double
        public var aucError: Double?
        public var nSignal: Int
        public var nBackground: Int
        /// Signal efficiency at background efficiency 1e-1, 1e-2, 1e-3.
        public var signalEfficiency: [String: Double]
        public var trainMasses: [Double]
        public var heldOut: [Double]
    }

    func evaluate(_ stage: Stage, into workspace: URL) throws {
        let c = try configuration(stage, as: Planner.EvaluateConfiguration.self)
        let modelURL = inputDirectory(stage.inputs[0]).appendingPathComponent("model.\(ModelFile.pathExtension)")
        let network = try ModelFile.read(from: modelURL)
        let table = try EventTable.readArtifacts(from: inputDirectory(stage.inputs[1]))
        // Signal generated at the mass, and background with θ set to it, as the paper evaluates.
        var rows: [Int] = []
        for i in 0..<table.count where table.labels[i] == 0 || sameMass(Double(table.theta[i]), c.mass) { rows.append(i) }
        let events = table.rows(rows).withTheta(Float(c.mass))
        let (scores, labels, selected) = try Self.score(network, events)
        let featureNames = selected.featureNames
        try NPYFile.write(scores, shape: [scores.count], to: workspace.appendingPathComponent(EvaluationFiles.scores))
        try NPYFile.write(labels, shape: [labels.count], to: workspace.appendingPathComponent(EvaluationFiles.labels))
        let auc = try Metrics.auc(scores: scores, labels: labels)
        let roc = try Metrics.roc(scores: scores, labels: labels)
        var csv = "threshold,signal_efficiency,background_efficiency\n"
        for i in roc.thresholds.indices {
            csv += "\(roc.thresholds[i]),\(roc.signalEfficiency[i]),\(roc.backgroundEfficiency[i])\n"
        }
        try Data(csv.utf8).write(to: workspace.appendingPathComponent(EvaluationFiles.roc))
        let efficiencies = Metrics.standardBackgroundEfficiencies
        let signal = Metrics.signalEfficiencies(at: efficiencies, on: roc)
        let model = String(stage.id.name.split(separator: "@").first ?? "")
        let summary = EvaluationSummary(
            model: model, type: network.metadata["type"] ?? "", mass: c.mass, auc: auc.auc, aucError: auc.standardError,
            nSignal: auc.nSignal, nBackground: auc.nBackground,
            signalEfficiency: Dictionary(uniqueKeysWithValues: zip(efficiencies.map { "\($0)" }, signal)),
            trainMasses: Self.masses(network.metadata["train_masses"]), heldOut: Self.masses(network.metadata["held_out"]))
        try Self.writeJSON(summary, to: workspace.appendingPathComponent(EvaluationFiles.auc))
        if featureNames.count == 1 {
            try Self.responseCSV(network, values: selected.features, theta: c.mass)
                .write(to: workspace.appendingPathComponent(EvaluationFiles.response), atomically: false, encoding: .utf8)
        }
        emit(message(stage, String(format: "AUC %.4f ± %.4f (%d signal, %d background)", auc.auc, auc.standardError ?? .nan, auc.nSignal, auc.nBackground)))
    }

    /// The network's output on 201 points spanning the 0.5–99.5 % range of the feature.
    static func responseCSV(_ network: Network, values: [Float], theta: Double) throws -> String {
        let sorted = values.sorted()
        let low = Double(sorted[Int(Double(sorted.count - 1) * 0.005)])
        let high = Double(sorted[Int(Double(sorted.count - 1) * 0.995)])
        let xs = (0...200).map { low + (high - low) * Double($0) / 200 }
        let parameterized = network.thetaColumn != nil
        let columns = parameterized ? 2 : 1
        let grid = xs.flatMap { parameterized ? [Float($0), Float(theta)] : [Float($0)] }
        let outputs = try network.predict(try Matrix(rows: xs.count, columns: columns, values: grid))
        var csv = "\(network.featureNames.first ?? "x"),theta,output\n"
        for (x, y) in zip(xs, outputs) { csv += "\(x),\(formatNumber(theta)),\(y)\n" }
        return csv
    }

    static func masses(_ text: String?) -> [Double] {
        (text ?? "").split(separator: ",").compactMap { Double($0) }
    }

    // MARK: report

    public static let aucTable = "auc_vs_mass.csv"

    func report(_ stage: Stage, into workspace: URL) throws {
        var evaluations: [ReportBuilder.Evaluation] = []
        for input in stage.inputs {
            let folder = inputDirectory(input)
            let summary = try JSONDecoder().decode(EvaluationSummary.self,
                                                   from: Data(contentsOf: folder.appendingPathComponent(EvaluationFiles.auc)))
            evaluations.append(.init(summary: summary, folder: folder))
        }
        // Timings are those of the run that made the results, read from the store's metadata.
        let timings = graph.stages.compactMap { other -> ReportBuilder.Timing? in
            guard other.id != stage.id, let meta = try? store.metadata(for: other.key) else { return nil }
            return .init(stage: meta.id, seconds: meta.finished.timeIntervalSince(meta.started), threads: meta.threads, blas: meta.blas)
        }
        let c = try configuration(stage, as: Planner.ReportConfiguration.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let specText = String(decoding: try encoder.encode(c.spec), as: UTF8.self)
        var builder = ReportBuilder(title: "paramrun report: \(c.name)", specText: specText,
                                    evaluations: evaluations, timings: timings)
        builder.sweeps = c.sweeps
        builder.outputs = Set(c.outputs)
        try builder.write(to: workspace)
        try Self.writeJSON(evaluations.map(\.summary), to: workspace.appendingPathComponent("evaluations.json"))
    }

    /// One row per model and mass: the table behind the paper's Fig. 8.
    public static func aucTableCSV(_ summaries: [EvaluationSummary]) -> String {
        var csv = "model,type,mass,auc,auc_err,n_signal,n_background,trained_at_mass\n"
        for s in summaries.sorted(by: { ($0.model, $0.mass) < ($1.model, $1.mass) }) {
            let trained = s.trainMasses.contains { sameMass($0, s.mass) }
            csv += "\(s.model),\(s.type),\(formatNumber(s.mass)),\(String(format: "%.6f", s.auc)),"
            csv += "\(s.aucError.map { String(format: "%.6f", $0) } ?? ""),\(s.nSignal),\(s.nBackground),\(trained)\n"
        }
        return csv
    }

    // MARK: helpers

    func message(_ stage: Stage, _ text: String) -> RunEvent {
        var event = RunEvent(.message, stage: stage.id.description)
        event.message = text
        return event
    }

    static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: url)
    }
}
