import Foundation

/// Turns a validated ``Spec`` into its ``StageGraph``: load → scale → train → evaluate → report.
public enum Planner {
    /// The configuration each kind of stage hashes. Names that do not change a result (a model's
    /// name, the spec file's path) stay out, so two specs that share a training share its result;
    /// each stage's seed stays in, and it derives from the stage's ID.
    struct LoadConfiguration: Codable {
        var source: DatasetSpec.Source
        var masses: [Double]
        var signalPerMass: Int?
        var background: Int?
        var part: DatasetSpec.Part
        var testFraction: Double
        var seed: UInt64
        /// Shared by every dataset of a spec, so `part: train` and `part: test` partition one file.
        var splitSeed: UInt64
        /// For file sources: each file's size and modification time, so that a changed file is
        /// loaded again rather than served from the store.
        var files: [String: String]?
    }

    struct ScaleConfiguration: Codable {
        var scale: ScaleKind
        var features: FeatureSelection
        var kind: ModelSpec.Kind
        var trainMasses: [Double]
        /// Redraws the θ of background events that sit at a mass the model holds out.
        var seed: UInt64
    }

    struct TrainConfiguration: Codable {
        var model: ModelSpec
        var seed: UInt64
    }

    struct EvaluateConfiguration: Codable {
        var mass: Double
        var seed: UInt64
    }

    struct ReportConfiguration: Codable {
        var name: String
        var points: [EvaluationSpec.Point]
        var outputs: [EvaluationSpec.Output]
        /// The sweep each evaluated model came from: the AUC plot draws a sweep as one series.
        var sweeps: [String: String]
        /// What the spec asks for, as the report shows it: its meaning, not its text, so that a
        /// comment never makes a report stale or new.
        var spec: SpecSummary
    }

    /// The parts of a spec a report states.
    struct SpecSummary: Codable {
        var name: String
        var seed: UInt64
        var datasets: [DatasetSpec]
        var features: FeatureSelection
        var scale: ScaleKind
        var models: [ModelSpec]
    }

    public static func plan(_ spec: Spec) throws -> StageGraph {
        var stages: [StageID: Stage] = [:]
        func add(_ id: StageID, _ inputs: [StageID], _ configuration: some Encodable, threads: Int = 1) {
            let keys = inputs.map { stages[$0]!.key }
            stages[id] = Stage(id: id, inputs: inputs, configuration: Stage.canonicalJSON(configuration), inputKeys: keys,
                               threads: threads)
        }

        let evaluated = Set(spec.evaluation.points.map(\.model))
        let models = spec.models.filter { evaluated.contains($0.name) }
        let neededData = Set(models.map(\.trainData) + spec.evaluation.points.map(\.data))
        for dataset in spec.datasets where neededData.contains(dataset.name) {
            let id = StageID(.load, dataset.name)
            let (source, files) = resolved(dataset, in: spec)
            add(id, [], LoadConfiguration(
                source: source, masses: dataset.masses, signalPerMass: dataset.signalPerMass,
                background: dataset.background, part: dataset.part, testFraction: dataset.testFraction,
                seed: stageSeed(spec.seed, id), splitSeed: stageSeed(spec.seed, "split"), files: files))
        }
        for model in models {
            let scale = StageID(.scale, model.name)
            add(scale, [StageID(.load, model.trainData)], ScaleConfiguration(
                scale: spec.scale, features: spec.features, kind: model.kind, trainMasses: model.trainMasses,
                seed: stageSeed(spec.seed, scale)))
            let train = StageID(.train, model.name)
            var hashed = model
            hashed.name = ""
            hashed.sweep = nil
            add(train, [scale], TrainConfiguration(model: hashed, seed: stageSeed(spec.seed, train)), threads: model.threads)
        }
        var evaluations: [StageID] = []
        for point in spec.evaluation.points {
            let id = evaluateID(point)
            add(id, [StageID(.train, point.model), StageID(.load, point.data)],
                EvaluateConfiguration(mass: point.mass, seed: stageSeed(spec.seed, id)))
            evaluations.append(id)
        }
        add(StageID(.report, spec.name), evaluations,
            ReportConfiguration(
                name: spec.name, points: spec.evaluation.points, outputs: spec.evaluation.outputs,
                sweeps: Dictionary(uniqueKeysWithValues: models.compactMap { m in m.sweep.map { (m.name, $0) } }),
                // Sorted by name, so the order a spec happens to list them in changes nothing.
                spec: SpecSummary(name: spec.name, seed: spec.seed,
                                  datasets: spec.datasets.filter { neededData.contains($0.name) }.sorted { $0.name < $1.name },
                                  features: spec.features, scale: spec.scale, models: models.sorted { $0.name < $1.name })))
        return try StageGraph(Array(stages.values))
    }

    /// A file source with its path made absolute (two specs in different folders may write the
    /// same relative path for different files) and the files it reads, fingerprinted.
    static func resolved(_ dataset: DatasetSpec, in spec: Spec) -> (DatasetSpec.Source, [String: String]?) {
        func fingerprint(_ path: String) -> String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(size) bytes, modified \(modified)"
        }
        switch dataset.source {
        case .toy, .xttbar:
            return (dataset.source, nil)
        case .hepmass(let path):
            let absolute = spec.resolve(path)
            return (.hepmass(path: absolute), [absolute: fingerprint(absolute)])
        case .mwwbb(let path):
            let absolute = spec.resolve(path)
            var files: [String: String] = [:]
            for mass in dataset.masses {
                let file = MWWBBReader.fileURL(in: URL(fileURLWithPath: absolute), mass: mass).path
                files[file] = fingerprint(file)
            }
            return (.mwwbb(path: absolute), files)
        }
    }

    public static func evaluateID(_ point: EvaluationSpec.Point) -> StageID {
        StageID(.evaluate, "\(point.model)@\(formatNumber(point.mass))")
    }

    /// A stage's seed: the spec's seed mixed with the stage's ID, never with timing or order.
    public static func stageSeed(_ seed: UInt64, _ id: StageID) -> UInt64 {
        stageSeed(seed, id.description)
    }

    static func stageSeed(_ seed: UInt64, _ label: String) -> UInt64 {
        let hex = SHA256.hex("\(seed)/\(label)")
        return UInt64(hex.prefix(16), radix: 16)!
    }
}
