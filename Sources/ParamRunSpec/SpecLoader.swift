import Foundation
import ParamRunData
import ParamRunNN
import ParamRunSupport

/// Reads a spec file into a validated ``Spec``, or throws a ``SpecError`` listing every problem.
public enum SpecLoader {
    static let topKeys = ["name", "seed", "parameters", "datasets", "features", "scale", "network", "models", "evaluate", "cluster", "limits",
                          "export", "statistics", "smoothness"]
    static let limitKeys = ["memory"]
    static let clusterKeys = ["backend", "cpus", "memory", "time", "partition", "account", "sbatch_args", "retries"]
    static let datasetKeys = ["source", "masses", "points", "signal_per_mass", "background", "part", "test_fraction"]
    static let modelKeys = ["type", "train_data", "train_masses", "held_out", "hidden", "activation", "init",
                            "optimizer", "weight_decay", "batch_size", "epochs", "schedule",
                            "validation_fraction", "early_stopping", "balance", "threads", "shards", "train_points",
                            "parameters", "background_theta", "conditioning", "theta_noise", "theta"]
    /// Keys a `network:` block may set for every model: all but what names a model's own data.
    static let networkKeys = modelKeys.filter { !["type", "train_data", "train_masses", "train_points"].contains($0) }
    static let evaluateKeys = ["data", "masses", "points", "models", "outputs"]
    /// The tag that turns a model key's list into a sweep, one model per element.
    public static let sweepTag = "!each"
    /// The most networks one sweep may expand to; each is a training of its own.
    public static let maximumSweep = 1000

    /// Loads and validates the spec at `path`.
    public static func load(path: String) throws -> Spec {
        let (root, source) = try YAMLParser.parseFile(atPath: path)
        return try validate(root, file: path, source: source)
    }

    /// Validates an already-parsed spec; `source` is only used to show offending lines.
    public static func load(text: String, file: String) throws -> Spec {
        try validate(try YAMLParser.parse(text, file: file), file: file, source: text)
    }

    static func validate(_ root: YAMLNode, file: String, source: String) throws -> Spec {
        let reader = NodeReader()
        var builder = Builder(reader: reader, file: file)
        let spec = builder.build(root)
        if var spec, reader.diagnostics.isEmpty {
            spec.text = source
            return spec
        }
        if reader.diagnostics.isEmpty {
            reader.error(root, "internal error: the spec was rejected without a reason; please report this")
        }
        let sorted = reader.diagnostics.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
        throw SpecError(sorted, source: source)
    }
}

private struct Builder {
    let reader: NodeReader
    let file: String
    var datasets: [DatasetSpec] = []
    /// Names written in the spec, valid or not: a reference to one whose definition has its own
    /// error is not reported again as undefined.
    var declaredDatasets: Set<String> = []
    var declaredModels: Set<String> = []
    var modelsReadable = true
    /// The memory a single stage may use: `limits.memory`, or this machine's memory.
    var memoryLimit = ByteSize.physicalMemory
    var memoryLimitSource = "this machine's memory; set limits.memory to change it"
    /// θ's components (`parameters:`), and the node that declared them.
    var parameters: ParameterReader
    var parametersNode: YAMLNode?
    /// Whether θ has components beyond the mass, so points must name them all.
    var hasConditions: Bool { parameters.parameters.count > 1 }

    init(reader: NodeReader, file: String) {
        self.reader = reader
        self.file = file
        self.parameters = ParameterReader(reader: reader)
    }

    mutating func build(_ root: YAMLNode) -> Spec? {
        guard case .mapping = root.content else {
            reader.error(root, "a spec must be a mapping of keys (name, datasets, models, evaluate, …), found \(root.kindName)")
            return nil
        }
        guard let top = reader.fields(root, "the spec", allowed: SpecLoader.topKeys,
                                      required: ["name", "datasets", "models", "evaluate"]) else { return nil }

        let name = top["name"].flatMap { nameValue($0, "name") }
        let seed = top["seed"].map { reader.int($0, "seed", min: 0).map(UInt64.init) } ?? 0
        if let node = top["limits"] { readLimits(node) }
        if let node = top["parameters"] {
            parameters.readBlock(node)
            parametersNode = node
        }
        if let node = top["datasets"], case .mapping(let pairs) = node.content {
            declaredDatasets = Set(pairs.compactMap(\.key.scalar))
        }
        datasets = top["datasets"].map(readDatasets) ?? []
        if let node = top["models"], case .mapping(let pairs) = node.content {
            declaredModels = Set(pairs.compactMap(\.key.scalar))
        } else {
            modelsReadable = false
        }
        let features = top["features"].map(readFeatures) ?? .all
        let scale = top["scale"].map { reader.choice($0, "scale", as: Scaler.Kind.self) } ?? .standard
        let defaults = top["network"].flatMap { reader.fields($0, "network", allowed: SpecLoader.networkKeys) }
        let models = top["models"].map { readModels($0, defaults: defaults) } ?? []
        let evaluation = top["evaluate"].flatMap { readEvaluations($0, models: models) }
        if let features { checkFeatures(features, node: top["features"] ?? root) }
        let cluster = top["cluster"].map(readCluster) ?? ClusterSpec()
        let export = top["export"].map {
            ExportReader(reader: reader, datasets: datasets, features: features, resolve: { [file] in Spec.resolve($0, relativeTo: file) })
                .read($0, models: models, evaluated: evaluation.map { Set($0.points.map(\.model)) }, declaredModels: declaredModels)
        } ?? ExportSpec()
        if hasConditions, let node = top["statistics"] {
            reader.error(node, "statistics works over masses alone; a spec whose θ has conditions (\(parameters.parameters.dropFirst().map(\.name).joined(separator: ", "))) cannot use it yet")
        }
        let smoothness = top["smoothness"].map {
            SmoothnessReader(reader: reader, datasets: datasets, declaredDatasets: declaredDatasets)
                .read($0, models: models, evaluated: evaluation.map { Set($0.points.map(\.model)) }, declaredModels: declaredModels)
        }
        let statistics = top["statistics"].map { node in evaluation.flatMap {
            StatisticsReader(reader: reader, datasets: datasets, models: models, declaredModels: declaredModels, evaluation: $0).read(node)
        } }

        guard let name, let seed, let scale, let features, let evaluation, let cluster, let export, statistics != .some(nil),
              smoothness != .some(nil) else { return nil }
        return Spec(name: name, seed: seed, parameters: parameters.parameters, datasets: datasets, features: features, scale: scale,
                    models: models, evaluation: evaluation, file: file, cluster: cluster, export: export,
                    statistics: statistics ?? nil, smoothness: smoothness ?? nil)
    }

    /// `limits: {memory: 16G}`: what one stage may hold in memory, checked before any work.
    mutating func readLimits(_ node: YAMLNode) {
        guard let f = reader.fields(node, "limits", allowed: SpecLoader.limitKeys) else { return }
        if let n = f["memory"] {
            guard let text = n.scalar, !n.isNull, let bytes = ByteSize.parse(text) else {
                reader.error(n, "limits.memory must be a size such as 16G or 512M, found \(reader.describe(n))")
                return
            }
            memoryLimit = bytes
            memoryLimitSource = "limits.memory"
        }
    }

    /// Refuses a stage that would need more than the memory limit, at the value that makes it large.
    func checkMemory(_ bytes: Double, at node: YAMLNode, _ what: String) {
        guard bytes > memoryLimit else { return }
        reader.error(node, "\(what) needs about \(ByteSize.describe(bytes)) of memory, more than the \(ByteSize.describe(memoryLimit)) allowed (\(memoryLimitSource))")
    }

    /// Names become folder names and stage IDs, so they keep to a safe alphabet.
    func nameValue(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !text.isEmpty, text.unicodeScalars.allSatisfy(allowed.contains), !text.hasPrefix(".") else {
            reader.error(node, "\(what) '\(text)' may use only letters, digits, '.', '_' and '-', and must not start with '.'")
            return nil
        }
        return text
    }

    // MARK: datasets

    func readDatasets(_ node: YAMLNode) -> [DatasetSpec] {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(node, "datasets must be a mapping of dataset names to datasets, found \(node.kindName == "a mapping" ? "an empty mapping" : node.kindName)")
            return []
        }
        var result: [DatasetSpec] = []
        var seen: Set<String> = []
        for pair in pairs {
            guard let name = nameValue(pair.key, "a dataset name") else { continue }
            guard seen.insert(name).inserted else {
                reader.error(pair.key, "duplicate dataset name '\(name)'")
                continue
            }
            if let dataset = readDataset(name, pair.value) {
                checkSharedSplit(dataset, against: result, at: pair.key)
                result.append(dataset)
            }
        }
        return result
    }

    /// Datasets that take `part: train` and `part: test` of one file must ask for the same events:
    /// the split is drawn over what they select, so any difference would let them share events.
    func checkSharedSplit(_ dataset: DatasetSpec, against earlier: [DatasetSpec], at node: YAMLNode) {
        guard dataset.part != .all, !dataset.source.isGenerator else { return }
        for other in earlier where other.part != .all && other.part != dataset.part && resolvedSource(other) == resolvedSource(dataset) {
            var differ: [String] = []
            if Set(other.masses) != Set(dataset.masses) { differ.append("masses") }
            if other.signalPerMass != dataset.signalPerMass { differ.append("signal_per_mass") }
            if other.background != dataset.background { differ.append("background") }
            if other.testFraction != dataset.testFraction { differ.append("test_fraction") }
            if !differ.isEmpty {
                reader.error(node, "datasets '\(other.name)' and '\(dataset.name)' split the same file into train and test parts, so they must agree on masses, signal_per_mass, background and test_fraction, or the parts could share events; they differ in \(differ.joined(separator: ", "))")
            }
        }
    }

    func resolvedSource(_ dataset: DatasetSpec) -> SourceReference { resolved(dataset.source) }

    func resolved(_ source: SourceReference) -> SourceReference {
        var reference = source
        reference.path = reference.path.map(resolve)
        return reference
    }

    func readDataset(_ name: String, _ node: YAMLNode) -> DatasetSpec? {
        let context = "dataset '\(name)'"
        guard let f = reader.fields(node, context, allowed: SpecLoader.datasetKeys, required: ["source"]) else { return nil }
        let source = f["source"].flatMap { readSource($0, context) }
        let allowNegative = source?.type?.allowsNegativeMasses ?? false
        var masses: [Double]?
        var points: [ThetaPoint]?
        switch (f["masses"], f["points"]) {
        case (nil, nil):
            reader.error(node, "\(context) is missing the required key '\(hasConditions ? "points" : "masses")'")
        case (.some, .some):
            reader.error(f.entries.first { $0.key == "points" }!.keyNode, "\(context) gives both 'masses' and 'points'; write one")
        case (.some(let m), nil) where !hasConditions:
            masses = reader.masses(m, "masses of \(context)", allowNegative: allowNegative)
            points = masses?.map { ThetaPoint(mass: $0) }
        case (let m, let p):
            let read = parameters.points((p ?? m)!, "points of \(context)", allowNegative: allowNegative)
            points = read?.map(\.point)
            var distinct = MassSet()
            masses = points?.map(\.mass).filter { distinct.insert($0) }
        }
        if let type = source?.type, hasConditions { parameters.checkConditions(of: type, dataset: name, block: parametersNode) }
        let signal = reader.optional(f["signal_per_mass"]) { reader.int($0, "signal_per_mass", min: 1) }
        let background = reader.optional(f["background"]) { reader.int($0, "background", min: 1) }
        let part = f["part"].map { reader.choice($0, "part", among: DatasetSpec.specParts) } ?? .all
        let testFraction = f["test_fraction"].map { reader.double($0, "test_fraction", 0...1, openBelow: true) } ?? 0.25
        if let source, source.isGenerator {
            if !f.has("signal_per_mass") { reader.error(node, "\(context) uses a generator and needs 'signal_per_mass'") }
            if !f.has("background") { reader.error(node, "\(context) uses a generator and needs 'background'") }
            if let partNode = f["part"], part != .all {
                reader.error(partNode, "'part' splits a file source; a generator makes fresh events for each dataset")
            }
        }
        if let source, let masses, let type = source.type, let massNode = f["masses"] ?? f["points"] {
            checkMasses(masses, of: type.init(reference: resolved(source)), node: massNode)
        }
        if let source, source.isGenerator, let masses, let perMass = signal ?? nil, let count = background ?? nil,
           let largest = Double(perMass) * Double(masses.count) >= Double(count) ? f["signal_per_mass"] : f["background"] {
            let settings = Double(ThetaPoint.conditionSettings(of: points ?? []).count)
            let events = Double(perMass) * Double(points?.count ?? masses.count) + Double(count) * max(1, settings)
            let features = source.type?.init(path: nil).featureNames.count ?? 1
            checkMemory(MemoryEstimate.events(events, features: features), at: largest,
                        "\(context) (\(formatNumber(events)) events of \(features) features)")
        }
        guard let source, let masses, let points, let signal, let background, let part, let testFraction else { return nil }
        return DatasetSpec(name: name, source: source, masses: masses, points: points, signalPerMass: signal, background: background,
                           part: part, testFraction: testFraction)
    }

    func readSource(_ node: YAMLNode, _ context: String) -> SourceReference? {
        let generators = EventSources.generators
        if let word = node.scalar, !node.isNull {
            if generators.contains(word) { return SourceReference(name: word) }
            reader.error(node, "source of \(context) must be \(EventSources.forms), found '\(Excerpt.value(word))'")
            return nil
        }
        let keys = (generators.isEmpty ? [] : ["generator"]) + EventSources.pathSources.map { $0.name }
        guard let f = reader.fields(node, "source of \(context)", allowed: keys) else { return nil }
        guard f.entries.count == 1, let entry = f.entries.first else {
            if f.entries.count > 1 { reader.error(node, "source of \(context) must name exactly one of \(keys.joined(separator: ", "))") }
            else if reader.diagnostics.isEmpty || f.entries.isEmpty { reader.error(node, "source of \(context) must name one of \(keys.joined(separator: ", "))") }
            return nil
        }
        if entry.key == "generator" {
            guard let word = reader.string(entry.value, "generator") else { return nil }
            if generators.contains(word) { return SourceReference(name: word) }
            let choices = generators.map { "'\($0)'" }
            let list = choices.count > 1 ? choices.dropLast().joined(separator: ", ") + " or " + choices[choices.count - 1] : choices.joined()
            reader.error(entry.value, "generator must be \(list), found '\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: generators))
            return nil
        }
        guard let type = EventSources.named(entry.key) else { return nil }
        if type.argument == .options { return readOptions(entry.value, of: type) }
        guard let path = reader.string(entry.value, "\(type.name) \(type.argument == .folder ? "folder" : "path")") else { return nil }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: resolve(path), isDirectory: &isDirectory)
        guard exists, isDirectory.boolValue == (type.argument == .folder) else {
            reader.error(entry.value, "\(type.argumentDescription) '\(path)' does not exist (paths are relative to the spec's folder)")
            return nil
        }
        return SourceReference(name: type.name, path: path)
    }

    /// Converts what follows an options source's name, asks the source what is wrong with it,
    /// and reports each problem at the node its path leads to (or the nearest one above it).
    func readOptions(_ node: YAMLNode, of type: any EventSource.Type) -> SourceReference? {
        var nodes: [SourceValue.Path: YAMLNode] = [:]
        guard let options = SourceOptionsReader(reader: reader).value(node, at: [], nodes: &nodes) else { return nil }
        let base = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent().standardizedFileURL.path
        let reference = SourceReference(name: type.name, options: options, baseDirectory: base)
        let problems = type.init(reference: reference).optionProblems()
        for problem in problems {
            var path = problem.path
            while nodes[path] == nil && !path.isEmpty { path.removeLast() }
            reader.error(nodes[path] ?? node, problem.message)
        }
        return problems.isEmpty ? reference : nil
    }

    /// Reports each mass the source cannot provide, at that mass's own line.
    func checkMasses(_ masses: [Double], of source: any EventSource, node: YAMLNode) {
        let items: [YAMLNode]
        if case .sequence(let list) = node.content { items = list } else { items = [node] }
        for problem in source.problems(masses: masses) where problem.index < items.count {
            reader.error(items[problem.index], problem.message)
        }
    }

    func resolve(_ path: String) -> String {
        Spec.resolve(path, relativeTo: file)
    }

    // MARK: features

    func readFeatures(_ node: YAMLNode) -> FeatureSelection? {
        if let word = node.scalar, !node.isNull {
            switch word {
            case "all": return .all
            case "low-level": return .lowLevel
            case "high-level": return .highLevel
            default:
                let message = "features must be all, low-level, high-level or a list of column names, found '\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: ["all", "low-level", "high-level"])
                reader.error(node, message)
                return nil
            }
        }
        guard let items = reader.list(node, "features") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "features must not be an empty list")
            return nil
        }
        let names = items.compactMap { reader.string($0, "a feature name") }
        return names.count == items.count ? .names(names) : nil
    }

    func checkFeatures(_ features: FeatureSelection, node: YAMLNode) {
        for dataset in datasets {
            let columns = dataset.source.type?.init(reference: resolvedSource(dataset)).featureNames ?? []
            switch features {
            case .all: break
            case .lowLevel, .highLevel:
                if columns.count != 27 {
                    reader.error(node, "features '\(features == .lowLevel ? "low-level" : "high-level")' needs the 27 HEPMASS features, but dataset '\(dataset.name)' has only \(columns.joined(separator: ", "))")
                }
            case .names(let names):
                let items: [YAMLNode]
                if case .sequence(let list) = node.content { items = list } else { items = [] }
                for (name, item) in zip(names, items) where !columns.contains(name) {
                    let message = "dataset '\(dataset.name)' has no feature '\(name)'" + Suggestion.didYouMean(name, in: columns)
                    reader.error(item, message)
                }
            }
        }
    }

    // MARK: models

    func readModels(_ node: YAMLNode, defaults: NodeReader.Fields?) -> [ModelSpec] {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(node, "models must be a mapping of model names to networks, found \(node.kindName == "a mapping" ? "an empty mapping" : node.kindName)")
            return []
        }
        var result: [ModelSpec] = []
        var seen: [String: YAMLNode] = [:]
        for pair in pairs {
            // A swept name may hold {key} placeholders; it is checked once they are filled in.
            guard let name = pair.key.scalar?.contains("{") == true ? pair.key.scalar : nameValue(pair.key, "a model name") else { continue }
            for (model, at) in readSweep(name, pair.value, defaults: defaults, keyNode: pair.key) {
                if seen[model.name] != nil {
                    reader.error(at, "duplicate model name '\(model.name)'")
                    continue
                }
                seen[model.name] = at
                result.append(model)
            }
        }
        return result
    }

    /// Expands `key: !each [a, b, …]` values into one model per combination.
    func readSweep(_ name: String, _ node: YAMLNode, defaults: NodeReader.Fields?, keyNode: YAMLNode) -> [(ModelSpec, YAMLNode)] {
        guard case .mapping(var pairs) = node.content else {
            reader.error(node, "model '\(name)' must be a mapping, found \(node.kindName)")
            return []
        }
        // Network defaults fill in keys the model leaves out.
        let ownKeys = Set(pairs.compactMap(\.key.scalar))
        for entry in defaults?.entries ?? [] where !ownKeys.contains(entry.key) {
            pairs.append(YAMLNode.Pair(key: entry.keyNode, value: entry.value))
        }
        var axes: [(index: Int, key: String, values: [YAMLNode])] = []
        for (index, pair) in pairs.enumerated() {
            checkTags(pair.value)
            guard pair.value.tag == SpecLoader.sweepTag else { continue }
            guard case .sequence(let values) = pair.value.content, !values.isEmpty else {
                reader.error(pair.value, "\(SpecLoader.sweepTag) takes a non-empty list of values to sweep over")
                return []
            }
            axes.append((index, pair.key.scalar ?? "", values))
        }
        if axes.isEmpty {
            if name.contains("{") {
                reader.error(keyNode, "model name '\(name)' has a {placeholder}, but none of its keys is swept with \(SpecLoader.sweepTag)")
                return []
            }
            return readModel(name, YAMLNode(.mapping(pairs), at: node.location), sweep: nil, own: ownKeys).map { [($0, keyNode)] } ?? []
        }
        // The product is checked before it is built: a 1000 × 1000 sweep is refused, not expanded.
        var product = 1
        for axis in axes {
            product = product.multipliedReportingOverflow(by: axis.values.count).partialValue
            if product > SpecLoader.maximumSweep || product <= 0 {
                reader.error(pairs[axis.index].value, "this \(SpecLoader.sweepTag) makes model '\(name)' a sweep of more than \(SpecLoader.maximumSweep) networks (\(axes.map { String($0.values.count) }.joined(separator: " × ")) values); split it into smaller sweeps")
                return []
            }
        }
        var combinations: [[YAMLNode]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [$0] } }
        }
        return combinations.compactMap { choice in
            var expanded = pairs
            var modelName = name
            for (axis, value) in zip(axes, choice) {
                expanded[axis.index].value = value
                let label = sweepLabel(value)
                if modelName.contains("{\(axis.key)}") {
                    modelName = modelName.replacingOccurrences(of: "{\(axis.key)}", with: label)
                } else if !name.contains("{") {
                    modelName += "-\(label)"
                }
            }
            var named = keyNode
            named.content = .scalar(modelName, plain: true)
            guard !modelName.contains("{") else {
                reader.error(keyNode, "model name '\(name)' has a {placeholder} that names no swept key (swept: \(axes.map(\.key).joined(separator: ", ")))")
                return nil
            }
            guard nameValue(named, "a model name") != nil else { return nil }
            return readModel(modelName, YAMLNode(.mapping(expanded), at: node.location), sweep: name, own: ownKeys).map { ($0, choice[0]) }
        }
    }

    func sweepLabel(_ value: YAMLNode) -> String {
        switch value.content {
        case .scalar(let s, _): return s
        case .sequence(let items): return items.map(sweepLabel).joined(separator: "_")
        case .mapping(let pairs):
            // A θ point is labelled by its values (`1000_-0.1`); any other mapping by its keys (`sgd`).
            let declared = Set(parameters.parameters.map(\.name))
            if !pairs.isEmpty, pairs.allSatisfy({ $0.key.scalar.map(declared.contains) ?? false }) {
                return pairs.map { sweepLabel($0.value) }.joined(separator: "_")
            }
            return pairs.map { "\($0.key.scalar ?? "")" }.joined(separator: "_")
        }
    }

    func checkTags(_ node: YAMLNode) {
        if let tag = node.tag, tag != SpecLoader.sweepTag, !tag.hasPrefix("tag:yaml.org,2002:") {
            reader.error(node, "unknown tag '\(tag)'; the only tag a spec knows is \(SpecLoader.sweepTag), on a model key")
        }
        switch node.content {
        case .scalar: break
        case .sequence(let items):
            for item in items {
                if item.tag == SpecLoader.sweepTag { reader.error(item, "\(SpecLoader.sweepTag) sweeps a model key's whole value and cannot be nested") }
                else { checkTags(item) }
            }
        case .mapping(let pairs):
            for pair in pairs {
                if pair.value.tag == SpecLoader.sweepTag { reader.error(pair.value, "\(SpecLoader.sweepTag) sweeps a model key's whole value and cannot be nested") }
                else { checkTags(pair.value) }
            }
        }
    }

    /// `own`: the keys written in the model's own mapping, as against those filled in from `network:`.
    func readModel(_ name: String, _ node: YAMLNode, sweep: String?, own: Set<String>) -> ModelSpec? {
        let context = "model '\(name)'"
        guard let f = reader.fields(node, context, allowed: SpecLoader.modelKeys, required: ["type", "hidden", "epochs"]) else { return nil }
        let kind = f["type"].flatMap { reader.choice($0, "type", as: ModelSpec.Kind.self) }
        let trainDataNode = f["train_data"]
        let trainData = trainDataNode.flatMap { reader.string($0, "train_data") } ?? "train"
        let dataset = datasets.first { $0.name == trainData }
        if dataset == nil, !declaredDatasets.contains(trainData) {
            let message = "\(context) trains on dataset '\(trainData)', which is not defined" + Suggestion.didYouMean(trainData, in: datasets.map(\.name))
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
            (trainPoints, heldOutPoints) = readTrainingPoints(f, trainNode: trainNode, dataset: dataset, context: context, allowNegative: allowNegative)
        } else {
            let heldOut = f["held_out"].map { reader.masses($0, "held_out", allowNegative: allowNegative) } ?? []
            var trainMasses = trainNode.map { node in
                f.has("train_points") ? parameters.points(node, "train_points", allowNegative: allowNegative)?.map(\.point.mass)
                    : reader.masses(node, "train_masses", allowNegative: allowNegative)
            }
                ?? dataset.map { d in
                    let held = MassSet(heldOut ?? [])
                    return d.masses.filter { !held.contains($0) }
                }
            let datasetMasses = MassSet(dataset?.masses ?? [])
            if let dataset, let heldOut, let held = f["held_out"] {
                for m in heldOut where !datasetMasses.contains(m) {
                    reader.error(held, "held-out mass \(formatNumber(m)) is not among the masses of dataset '\(dataset.name)' (\(dataset.masses.map(formatNumber).joined(separator: ", ")))")
                }
            }
            if let masses = trainMasses, let node = trainNode {
                if let dataset {
                    for m in masses where !datasetMasses.contains(m) {
                        reader.error(node, "training mass \(formatNumber(m)) is not among the masses of dataset '\(dataset.name)' (\(dataset.masses.map(formatNumber).joined(separator: ", ")))")
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

            trainPoints = trainMasses.map { $0.map { ThetaPoint(mass: $0) } }
            heldOutPoints = heldOut.map { $0.map { ThetaPoint(mass: $0) } }
        }
        var distinctTrain = MassSet(), distinctHeld = MassSet()
        let trainMasses = trainPoints.map { $0.map(\.mass).filter { distinctTrain.insert($0) } }
        let heldOut = heldOutPoints.map { $0.map(\.mass).filter { distinctHeld.insert($0) } }
        if kind == .fixed, let points = trainPoints, points.count != 1 {
            reader.error(trainNode ?? f["type"]!, "a fixed network trains at exactly one \(hasConditions ? "point" : "mass"), but \(context) has \(points.count) (\(points.map(parameters.describe).joined(separator: ", "))); use type: mixture to pool several")
        }
        let conditionInputs = readConditionInputs(f["parameters"], kind: kind)
        let backgroundTheta = f["background_theta"].map { reader.choice($0, "background_theta", as: BackgroundStrategy.self) } ?? .sample

        let hidden = f["hidden"].flatMap(readHidden)
        let activation = f["activation"].map { reader.choice($0, "activation", as: Activation.self) } ?? .relu
        let initialization = f["init"].map(readInit) ?? .normal(sigma: 0.1)
        let optimizer = f["optimizer"].map(readOptimizer) ?? .sgd(learningRate: 0.1, momentum: 0.5, nesterov: false)
        let weightDecay = f["weight_decay"].map { reader.double($0, "weight_decay", 0...1) } ?? 0
        let batchSize = f["batch_size"].map { reader.int($0, "batch_size", min: 1) } ?? 100
        if let b = batchSize, b > 10_000, let n = f["batch_size"] { reader.error(n, "batch_size must be at most 10000, found \(b)") }
        let epochs = f["epochs"].flatMap { reader.int($0, "epochs", min: 1) }
        let schedule = f["schedule"].map(readSchedule) ?? .constant
        let earlyNode = f["early_stopping"]
        let early = earlyNode.flatMap(readEarlyStopping)
        let validation = f["validation_fraction"].map { reader.double($0, "validation_fraction", 0...0.9) } ?? Double?(earlyNode == nil ? 0 : 0.1)
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
            reader.error(n, "threads (\(t)) cannot exceed shards (\(s)): each thread runs whole shards of a minibatch; set shards: \(t) or more, or shards: 1")
        }
        let conditioning = f["conditioning"].map { reader.choice($0, "conditioning", as: ModelSpec.Conditioning.self) }
        let thetaNoise = f["theta_noise"].map { reader.double($0, "theta_noise", 0...(.infinity)) }
        let theta = f["theta"].map { reader.choice($0, "theta", as: ModelSpec.ThetaTreatment.self) }
        // A fixed or mixture network never sees θ. Written in its own mapping, these keys are a
        // mistake; inherited from `network:` defaults shared with parameterized models, they are ignored.
        if let kind, kind != .parameterized {
            for key in ["conditioning", "theta_noise", "theta"] where own.contains(key) {
                if let n = f[key] { reader.error(n, "\(key) applies to parameterized networks only; \(context) is \(kind.rawValue)") }
            }
        }
        let parameterized = kind == .parameterized

        if let kind, let hidden, let optimizer, let batchSize, let shards {
            let features = dataset.flatMap { $0.source.type?.init(path: $0.source.path.map(resolve)).featureNames.count } ?? 1
            var events = 0.0
            if let dataset, dataset.source.isGenerator {
                let settings = Double(max(1, ThetaPoint.conditionSettings(of: dataset.points).count))
                events = Double(dataset.signalPerMass ?? 0) * Double(max(dataset.masses.count, dataset.points.count)) + Double(dataset.background ?? 0) * settings
            }
            let inputs = features + (kind == .parameterized ? 1 + (conditionInputs?.count ?? 0) : 0)
            let thetaMaps = ModelSpec.engineConditioning(parameterized ? conditioning ?? nil : nil)
            let shape = Architecture(inputCount: inputs, hidden: hidden, conditioning: thetaMaps)
            let estimate = MemoryEstimate.training(shape, batchSize: batchSize, workers: shards, optimizer: optimizer,
                                                   trainingEvents: events)
            let culprit = estimate.parameters >= max(estimate.activations, estimate.data) ? f["hidden"]
                : estimate.activations >= estimate.data ? f["batch_size"] ?? f["hidden"] : trainDataNode ?? f["type"]
            checkMemory(estimate.total, at: culprit ?? node,
                        "training \(context) (\(ByteSize.describe(estimate.parameters)) for weights and optimizer state, \(ByteSize.describe(estimate.activations)) for a batch, \(ByteSize.describe(estimate.data)) of events)")
        }
        guard let kind, let trainMasses, let heldOut, let trainPoints, let heldOutPoints, let conditionInputs, let backgroundTheta, let hidden, let activation, let initialization,
              let optimizer, let weightDecay, let batchSize, let epochs, let schedule, earlyNode == nil || early != nil,
              let validation, let balance, let threads, let shards, conditioning != .some(nil), thetaNoise != .some(nil),
              theta != .some(nil) else { return nil }
        return ModelSpec(name: name, sweep: sweep, kind: kind, trainData: trainData, trainMasses: trainMasses,
                         heldOut: heldOut, hidden: hidden, activation: activation, initialization: initialization,
                         optimizer: optimizer, weightDecay: weightDecay, batchSize: batchSize, epochs: epochs,
                         schedule: schedule, validationFraction: validation, earlyStopping: early, balance: balance,
                         threads: threads, trainPoints: trainPoints, heldOutPoints: heldOutPoints,
                         conditionInputs: conditionInputs, backgroundTheta: backgroundTheta, shards: shards,
                         conditioning: parameterized ? conditioning.flatMap { $0 == .concat ? nil : $0 } : nil,
                         thetaNoise: parameterized ? thetaNoise.flatMap { $0 == 0 ? nil : $0 } : nil,
                         theta: parameterized ? theta.flatMap { $0 == .given ? nil : $0 } : nil)
    }

    /// Training and held-out points of a model when θ has conditions: `train_points` (default:
    /// the dataset's points less `held_out`) and `held_out`, each a point of the dataset.
    func readTrainingPoints(_ f: NodeReader.Fields, trainNode: YAMLNode?, dataset: DatasetSpec?, context: String,
                            allowNegative: Bool) -> (train: [ThetaPoint]?, heldOut: [ThetaPoint]?) {
        let heldNode = f["held_out"]
        let held = heldNode.map { parameters.points($0, "held_out", allowNegative: allowNegative) } ?? []
        let given = trainNode.map { parameters.points($0, "train_points", allowNegative: allowNegative) }
        func inDataset(_ entries: [(point: ThetaPoint, node: YAMLNode)]?, _ what: String) {
            guard let dataset, let entries else { return }
            for entry in entries where !dataset.points.contains(where: { $0.same(entry.point) }) {
                reader.error(entry.node, "\(what) point \(parameters.describe(entry.point)) is not among the points of dataset '\(dataset.name)'")
            }
        }
        inDataset(held, "held-out")
        inDataset(given ?? nil, "training")
        let heldPoints = held?.map(\.point)
        var train = given.map { $0?.map(\.point) } ?? dataset.map { d in d.points.filter { p in !(heldPoints ?? []).contains { $0.same(p) } } }
        if let given = given ?? nil, let heldPoints {
            for entry in given where heldPoints.contains(where: { $0.same(entry.point) }) {
                reader.error(entry.node, "held-out point \(parameters.describe(entry.point)) is also a training point of \(context)")
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
            reader.error(node, "parameters names the θ components a parameterized network takes, but this network is \(kind.rawValue) and takes none")
            return nil
        }
        guard let items = reader.list(node, "parameters") else { return nil }
        var names: [String] = []
        for item in items {
            guard let name = reader.string(item, "a θ component") else { return nil }
            guard declared.contains(name) else {
                reader.error(item, "θ component '\(Excerpt.value(name))' is not declared in parameters (\(declared.joined(separator: ", ")))" + Suggestion.didYouMean(name, in: declared))
                return nil
            }
            guard !names.contains(name) else {
                reader.error(item, "parameters lists '\(name)' twice")
                return nil
            }
            names.append(name)
        }
        guard names.contains(ParameterSpec.mass) else {
            reader.error(node, "a parameterized network takes the mass: parameters must include '\(ParameterSpec.mass)'")
            return nil
        }
        // Network inputs follow the declaration order, whatever order the list is written in.
        return declared.dropFirst().filter(names.contains)
    }

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
                let message = "init must be normal, glorot-uniform, he-normal or {normal: SIGMA}, found '\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: names)
                reader.error(node, message)
                return nil
            }
        }
        guard let f = reader.fields(node, "init", allowed: ["normal"], required: ["normal"]), let sigma = f["normal"] else { return nil }
        return reader.double(sigma, "the normal init's sigma", 0...10, openBelow: true).map { .normal(sigma: $0) }
    }

    func readOptimizer(_ node: YAMLNode) -> OptimizerConfig? {
        guard let f = reader.fields(node, "optimizer", allowed: ["sgd", "adam"]) else { return nil }
        guard f.entries.count == 1, let entry = f.entries.first else {
            if f.entries.count > 1 { reader.error(node, "optimizer must name exactly one of sgd, adam") }
            return nil
        }
        if entry.key == "sgd" {
            guard let s = reader.fields(entry.value, "sgd", allowed: ["learning_rate", "momentum", "nesterov"]) else { return nil }
            let lr = s["learning_rate"].map { reader.double($0, "learning_rate", 0...100, openBelow: true) } ?? 0.1
            let momentum = s["momentum"].map { reader.double($0, "momentum", 0...0.999999) } ?? 0
            let nesterov = s["nesterov"].map { reader.bool($0, "nesterov") } ?? false
            if nesterov == true, momentum == 0, let n = s["nesterov"] { reader.error(n, "nesterov needs a momentum above 0") }
            guard let lr, let momentum, let nesterov else { return nil }
            return .sgd(learningRate: lr, momentum: momentum, nesterov: nesterov)
        }
        guard let a = reader.fields(entry.value, "adam", allowed: ["learning_rate", "beta1", "beta2", "epsilon"]) else { return nil }
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
            if f.entries.count > 1 { reader.error(node, "schedule must name exactly one of constant, exponential, step") }
            return nil
        }
        switch entry.key {
        case "exponential":
            return reader.double(entry.value, "the exponential decay factor", 0...1, openBelow: true).map { .exponential(factor: $0) }
        case "step":
            guard let s = reader.fields(entry.value, "step", allowed: ["every", "factor"], required: ["every", "factor"]) else { return nil }
            let every = s["every"].flatMap { reader.int($0, "every", min: 1) }
            let factor = s["factor"].flatMap { reader.double($0, "factor", 0...1, openBelow: true) }
            guard let every, let factor else { return nil }
            return .step(every: every, factor: factor)
        default:
            return .constant
        }
    }

    func readEarlyStopping(_ node: YAMLNode) -> EarlyStopping? {
        guard let f = reader.fields(node, "early_stopping", allowed: ["patience", "min_delta"], required: ["patience"]) else { return nil }
        let patience = f["patience"].flatMap { reader.int($0, "patience", min: 1) }
        let minDelta = f["min_delta"].map { reader.double($0, "min_delta", 0...Double.greatestFiniteMagnitude) } ?? 0
        guard let patience, let minDelta else { return nil }
        return EarlyStopping(patience: patience, minDelta: minDelta)
    }

    // MARK: evaluation

    /// `evaluate` is one block or a list of them, each with its own models, masses and data.
    func readEvaluations(_ node: YAMLNode, models: [ModelSpec]) -> EvaluationSpec? {
        let blocks: [YAMLNode]
        if case .sequence(let items) = node.content {
            guard !items.isEmpty else {
                reader.error(node, "evaluate must not be an empty list")
                return nil
            }
            blocks = items
        } else {
            blocks = [node]
        }
        var points: [EvaluationSpec.Point] = []
        var outputs: [EvaluationSpec.Output] = []
        var ok = true
        for block in blocks {
            guard let one = readEvaluation(block, models: models) else { ok = false; continue }
            for point in one.points {
                if let same = points.first(where: { $0.model == point.model && $0.theta.same(point.theta) }) {
                    if same.data != point.data {
                        reader.error(block, "model '\(point.model)' is evaluated at \(parameters.describe(point.theta)) on both '\(same.data)' and '\(point.data)'")
                        ok = false
                    }
                    continue
                }
                points.append(point)
            }
            for output in one.outputs where !outputs.contains(output) { outputs.append(output) }
        }
        return ok ? EvaluationSpec(points: points, outputs: outputs) : nil
    }

    func readEvaluation(_ node: YAMLNode, models: [ModelSpec]) -> EvaluationSpec? {
        guard let f = reader.fields(node, "evaluate", allowed: SpecLoader.evaluateKeys, required: ["models"]) else { return nil }
        if f["masses"] == nil, f["points"] == nil {
            reader.error(node, "evaluate is missing the required key '\(hasConditions ? "points" : "masses")'")
        }
        if f.has("masses"), let both = f.entries.first(where: { $0.key == "points" }) {
            reader.error(both.keyNode, "evaluate gives both 'masses' and 'points'; write one")
        }
        let dataNode = f["data"]
        let dataName = dataNode.flatMap { reader.string($0, "data") } ?? "test"
        let dataset = datasets.first { $0.name == dataName }
        if dataset == nil, !declaredDatasets.contains(dataName) {
            let message = "evaluate reads dataset '\(dataName)', which is not defined" + Suggestion.didYouMean(dataName, in: datasets.map(\.name))
            reader.error(dataNode ?? node, message)
        }

        var chosen: [ModelSpec] = []
        var chosenNames: Set<String> = []
        if let list = f["models"].flatMap({ reader.list($0, "evaluate.models") }) {
            if list.isEmpty { reader.error(f["models"]!, "evaluate.models must name at least one model") }
            for item in list {
                guard let name = reader.string(item, "a model name") else { continue }
                let matches = models.filter { $0.name == name || $0.sweep == name }
                if matches.isEmpty, modelsReadable, !declaredModels.contains(name) {
                    let names = models.map(\.name) + Set(models.compactMap(\.sweep)).sorted()
                    let message = "evaluate names model '\(name)', which is not defined" + Suggestion.didYouMean(name, in: names)
                    reader.error(item, message)
                }
                for m in matches where chosenNames.insert(m.name).inserted { chosen.append(m) }
            }
        }

        var points: [EvaluationSpec.Point] = []
        guard let massNode = f["masses"] ?? f["points"] else { return nil }
        if hasConditions || f.has("points") {
            let what = "evaluate.\(f.has("points") ? "points" : "masses")"
            return evaluationPoints(massNode, what, chosen: chosen, dataset: dataset, dataName: dataName).map {
                EvaluationSpec(points: $0, outputs: readOutputs(f))
            }
        }
        let testMasses = dataset?.masses ?? []
        let testMassSet = MassSet(testMasses)
        func check(_ mass: Double, _ at: YAMLNode, for model: String? = nil) -> Bool {
            guard let dataset else { return true }
            if testMassSet.contains(mass) { return true }
            let whose = model.map { " (held out by model '\($0)')" } ?? ""
            reader.error(at, "evaluation mass \(formatNumber(mass))\(whose) has no test data: dataset '\(dataset.name)' holds \(testMasses.map(formatNumber).joined(separator: ", "))")
            return false
        }
        if massNode.scalar == "trained" {
            for model in chosen {
                for m in model.trainMasses where check(m, massNode) {
                    points.append(.init(model: model.name, mass: m, data: dataName))
                }
            }
        } else if massNode.scalar == "held-out" {
            for model in chosen {
                if model.heldOut.isEmpty {
                    reader.error(massNode, "masses: held-out evaluates each model at the masses it never saw, but model '\(model.name)' holds none out")
                }
                for m in model.heldOut where check(m, massNode, for: model.name) {
                    points.append(.init(model: model.name, mass: m, data: dataName))
                }
            }
        } else if let word = massNode.scalar, massNode.isPlainScalar, NodeReader.yamlNumber(word) == nil {
            let message = "evaluate.masses must be a list of masses, held-out or trained, found '\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: ["held-out", "trained"])
            reader.error(massNode, message)
        } else if let masses = reader.masses(massNode, "evaluate.masses", allowNegative: dataset?.source.type?.allowsNegativeMasses ?? false) {
            let items: [YAMLNode]
            if case .sequence(let list) = massNode.content { items = list } else { items = [massNode] }
            var valid: [Double] = []
            for (m, item) in zip(masses, items) where check(m, item) { valid.append(m) }
            for model in chosen { for m in valid { points.append(.init(model: model.name, mass: m, data: dataName)) } }
        }

        guard dataset != nil || declaredDatasets.contains(dataName) else { return nil }
        return EvaluationSpec(points: points, outputs: readOutputs(f))
    }

    func readOutputs(_ f: NodeReader.Fields) -> [EvaluationSpec.Output] {
        guard let list = f["outputs"].flatMap({ reader.list($0, "outputs") }) else { return EvaluationSpec.Output.allCases }
        return list.compactMap { reader.choice($0, "an output", as: EvaluationSpec.Output.self) }
    }

    /// Evaluation points when θ has conditions (or `points:` is written): `held-out`, `trained`,
    /// or points in any form ``ParameterReader`` reads, each of which the dataset must hold.
    func evaluationPoints(_ node: YAMLNode, _ what: String, chosen: [ModelSpec], dataset: DatasetSpec?, dataName: String) -> [EvaluationSpec.Point]? {
        func check(_ point: ThetaPoint, _ at: YAMLNode, for model: String? = nil) -> Bool {
            guard let dataset, !dataset.points.contains(where: { $0.same(point) }) else { return true }
            let whose = model.map { " (held out by model '\($0)')" } ?? ""
            reader.error(at, "evaluation point \(parameters.describe(point))\(whose) has no test data: dataset '\(dataset.name)' holds \(dataset.points.count) points, none of them this one")
            return false
        }
        func point(_ model: ModelSpec, _ p: ThetaPoint) -> EvaluationSpec.Point {
            EvaluationSpec.Point(model: model.name, mass: p.mass, data: dataName, conditions: p.conditions)
        }
        if node.scalar == "trained" {
            return chosen.flatMap { m in m.trainPoints.filter { check($0, node) }.map { point(m, $0) } }
        }
        if node.scalar == "held-out" {
            return chosen.flatMap { m in
                if m.heldOutPoints.isEmpty {
                    reader.error(node, "\(what): held-out evaluates each model at the points it never saw, but model '\(m.name)' holds none out")
                }
                return m.heldOutPoints.filter { check($0, node, for: m.name) }.map { point(m, $0) }
            }
        }
        if let word = node.scalar, node.isPlainScalar, NodeReader.yamlNumber(word) == nil {
            reader.error(node, "\(what) must be a list of θ points, held-out or trained, found '\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: ["held-out", "trained"]))
            return nil
        }
        guard let entries = parameters.points(node, what, allowNegative: dataset?.source.type?.allowsNegativeMasses ?? false) else { return nil }
        let valid = entries.filter { check($0.point, $0.node) }.map(\.point)
        return chosen.flatMap { m in valid.map { point(m, $0) } }
    }

    // MARK: cluster

    func readCluster(_ node: YAMLNode) -> ClusterSpec? {
        guard let f = reader.fields(node, "cluster", allowed: SpecLoader.clusterKeys) else { return nil }
        var ok = true
        func word(_ key: String, _ valid: (String) -> Bool, _ expected: String) -> String? {
            guard let n = f[key] else { return nil }
            guard let text = reader.string(n, "cluster.\(key)") else { ok = false; return nil }
            guard valid(text) else {
                reader.error(n, "cluster.\(key) must be \(expected), found '\(Excerpt.value(text))'")
                ok = false
                return nil
            }
            return text
        }
        var spec = ClusterSpec()
        if let n = f["backend"] {
            spec.backend = reader.choice(n, "cluster.backend", as: ClusterSpec.Backend.self)
            if spec.backend == nil { ok = false }
        }
        if let n = f["cpus"] {
            spec.cpus = reader.int(n, "cluster.cpus", min: 1)
            if spec.cpus == nil { ok = false }
        }
        if let n = f["retries"] {
            spec.retries = reader.int(n, "cluster.retries", min: 0)
            if spec.retries == nil { ok = false }
        }
        spec.memory = word("memory", ClusterSpec.isValidMemory, "a size such as 4G or 500M")
        spec.time = word("time", ClusterSpec.isValidTime, "a time limit such as 30, 1:30:00 or 2-00:00:00")
        spec.partition = word("partition", ClusterSpec.isValidName, "a single name")
        spec.account = word("account", ClusterSpec.isValidName, "a single name")
        if let n = f["sbatch_args"], let items = reader.list(n, "cluster.sbatch_args") {
            for item in items {
                guard let text = reader.string(item, "each of cluster.sbatch_args") else { ok = false; continue }
                guard text.hasPrefix("-"), !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                    reader.error(item, "each of cluster.sbatch_args must be one sbatch flag starting with '-', found '\(Excerpt.value(text))'")
                    ok = false
                    continue
                }
                spec.sbatchArgs.append(text)
            }
        } else if f["sbatch_args"] != nil {
            ok = false
        }
        return ok ? spec : nil
    }
}
