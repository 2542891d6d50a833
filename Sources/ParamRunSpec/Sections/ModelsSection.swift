import ParamRunData
import ParamRunNN
import ParamRunSupport

/// `models:` maps names to networks; a key written `key: !each [a, b, …]` sweeps, one model per
/// value (or per combination). Models inherit what they leave out from `network:`.
struct ModelsSection: SpecSection {
    static let key = "models"
    static let isRequired = true
    static var reads: [any SpecSection.Type] {
        [LimitsSection.self, ParametersSection.self, DatasetsSection.self, NetworkSection.self]
    }
    static let keys = [
        "type", "train_data", "train_masses", "held_out", "hidden", "activation", "init",
        "optimizer", "weight_decay", "batch_size", "epochs", "schedule",
        "validation_fraction", "early_stopping", "balance", "threads", "shards", "train_points",
        "parameters", "background_theta", "conditioning", "theta_noise", "theta"
    ]

    let context: SectionContext
    var reader: NodeReader { context.reader }
    var datasets: [DatasetSpec] { context.datasets }
    var declaredDatasets: Set<String> { context.declaredNames(DatasetsSection.key) }
    var parameters: ParameterReader { context.parameters }
    var hasConditions: Bool { context.hasConditions }

    static func read(_ context: SectionContext) -> [ModelSpec]? {
        guard let node = context.node else { return [] }
        return ModelsSection(context: context).readModels(node, defaults: context[NetworkSection.self])
    }

    func nameValue(_ node: YAMLNode, _ what: String) -> String? { context.nameValue(node, what) }
    func checkMemory(_ bytes: Double, at node: YAMLNode, _ what: String) { context.checkMemory(bytes, at: node, what) }
    func resolve(_ path: String) -> String { context.resolve(path) }

    func readModels(_ node: YAMLNode, defaults: NetworkDefaults?) -> [ModelSpec] {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(
                node,
                "models must be a mapping of model names to networks, found "
                    + "\(node.kindName == "a mapping" ? "an empty mapping" : node.kindName)")
            return []
        }
        var result: [ModelSpec] = []
        var seen: [String: YAMLNode] = [:]
        for pair in pairs {
            // A swept name may hold {key} placeholders; it is checked once they are filled in.
            guard
                let name = pair.key.scalar?.contains("{") == true
                    ? pair.key.scalar : nameValue(pair.key, "a model name")
            else { continue }
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
    func readSweep(
        _ name: String, _ node: YAMLNode, defaults: NetworkDefaults?, keyNode: YAMLNode
    ) -> [(ModelSpec, YAMLNode)] {
        guard case .mapping(var pairs) = node.content else {
            reader.error(node, "model '\(name)' must be a mapping, found \(node.kindName)")
            return []
        }
        // Network defaults fill in keys the model leaves out.
        let ownKeys = Set(pairs.compactMap(\.key.scalar))
        for pair in defaults?.pairs ?? [] where !ownKeys.contains(pair.key.scalar ?? "") {
            pairs.append(pair)
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
                reader.error(
                    keyNode,
                    "model name '\(name)' has a {placeholder}, but none of its keys is swept "
                        + "with \(SpecLoader.sweepTag)")
                return []
            }
            return readModel(name, YAMLNode(.mapping(pairs), at: node.location), sweep: nil, own: ownKeys).map {
                [($0, keyNode)]
            } ?? []
        }
        // The product is checked before it is built: a 1000 × 1000 sweep is refused, not expanded.
        var product = 1
        for axis in axes {
            product = product.multipliedReportingOverflow(by: axis.values.count).partialValue
            if product > SpecLoader.maximumSweep || product <= 0 {
                reader.error(
                    pairs[axis.index].value,
                    "this \(SpecLoader.sweepTag) makes model '\(name)' a sweep of "
                        + "more than \(SpecLoader.maximumSweep) networks "
                        + "(\(axes.map { String($0.values.count) }.joined(separator: " × ")) values); "
                        + "split it into smaller sweeps")
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
                reader.error(
                    keyNode,
                    "model name '\(name)' has a {placeholder} that names no swept key (swept: "
                        + "\(axes.map(\.key).joined(separator: ", ")))")
                return nil
            }
            guard nameValue(named, "a model name") != nil else { return nil }
            return readModel(modelName, YAMLNode(.mapping(expanded), at: node.location), sweep: name, own: ownKeys).map
            { ($0, choice[0]) }
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
            reader.error(
                node,
                "unknown tag '\(tag)'; the only tag a spec knows is "
                    + "\(SpecLoader.sweepTag), on a model key")
        }
        switch node.content {
        case .scalar: break
        case .sequence(let items):
            for item in items {
                if item.tag == SpecLoader.sweepTag {
                    reader.error(item, "\(SpecLoader.sweepTag) sweeps a model key's whole value and cannot be nested")
                } else {
                    checkTags(item)
                }
            }
        case .mapping(let pairs):
            for pair in pairs {
                if pair.value.tag == SpecLoader.sweepTag {
                    reader.error(
                        pair.value, "\(SpecLoader.sweepTag) sweeps a model key's whole value and cannot be nested")
                } else {
                    checkTags(pair.value)
                }
            }
        }
    }

    /// `own`: the keys written in the model's own mapping, as against those filled in from `network:`.
}

extension Spec {
    /// One entry per network that will be trained, sweeps already expanded.
    public var models: [ModelSpec] { self[ModelsSection.self] ?? [] }
}
