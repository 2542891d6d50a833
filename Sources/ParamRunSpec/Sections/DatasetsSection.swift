import Foundation
import ParamRunData
import ParamRunSupport

/// `datasets:` maps names to event sets: a source (a generator, a file or folder, or an options
/// source), the masses or θ points it holds, and a part of a shared file.
struct DatasetsSection: SpecSection {
    static let key = "datasets"
    static let isRequired = true
    static var reads: [any SpecSection.Type] { [LimitsSection.self, ParametersSection.self] }
    static let keys = ["source", "masses", "points", "signal_per_mass", "background", "part", "test_fraction"]

    let context: SectionContext
    var reader: NodeReader { context.reader }
    var file: String { context.file }
    var parameters: ParameterReader { context.parameters }
    var parametersNode: YAMLNode? { context.parametersNode }
    var hasConditions: Bool { context.hasConditions }

    static func read(_ context: SectionContext) -> [DatasetSpec]? {
        context.node.map(DatasetsSection(context: context).readDatasets) ?? []
    }

    func nameValue(_ node: YAMLNode, _ what: String) -> String? { context.nameValue(node, what) }
    func checkMemory(_ bytes: Double, at node: YAMLNode, _ what: String) { context.checkMemory(bytes, at: node, what) }

    func readDatasets(_ node: YAMLNode) -> [DatasetSpec] {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(
                node,
                "datasets must be a mapping of dataset names to datasets, found "
                    + "\(node.kindName == "a mapping" ? "an empty mapping" : node.kindName)")
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
        for other in earlier
        where other.part != .all && other.part != dataset.part && resolvedSource(other) == resolvedSource(dataset) {
            var differ: [String] = []
            if Set(other.masses) != Set(dataset.masses) { differ.append("masses") }
            if other.signalPerMass != dataset.signalPerMass { differ.append("signal_per_mass") }
            if other.background != dataset.background { differ.append("background") }
            if other.testFraction != dataset.testFraction { differ.append("test_fraction") }
            if !differ.isEmpty {
                reader.error(
                    node,
                    "datasets '\(other.name)' and '\(dataset.name)' split the same file into train and "
                        + "test parts, so they must agree on masses, signal_per_mass, background and test_fraction, or "
                        + "the parts could share events; they differ in \(differ.joined(separator: ", "))")
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
        guard let f = reader.fields(node, context, allowed: Self.keys, required: ["source"]) else { return nil }
        let source = f["source"].flatMap { readSource($0, context) }
        let allowNegative = source?.type?.allowsNegativeMasses ?? false
        var masses: [Double]?
        var points: [ThetaPoint]?
        switch (f["masses"], f["points"]) {
        case (nil, nil):
            reader.error(node, "\(context) is missing the required key '\(hasConditions ? "points" : "masses")'")
        case (.some, .some):
            reader.error(
                f.entries.first { $0.key == "points" }!.keyNode,
                "\(context) gives both 'masses' "
                    + "and 'points'; write one")
        case (.some(let m), nil) where !hasConditions:
            masses = reader.masses(m, "masses of \(context)", allowNegative: allowNegative)
            points = masses?.map { ThetaPoint(mass: $0) }
        case (let m, let p):
            let read = parameters.points((p ?? m)!, "points of \(context)", allowNegative: allowNegative)
            points = read?.map(\.point)
            var distinct = MassSet()
            masses = points?.map(\.mass).filter { distinct.insert($0) }
        }
        if let type = source?.type, hasConditions {
            parameters.checkConditions(of: type, dataset: name, block: parametersNode)
        }
        let signal = reader.optional(f["signal_per_mass"]) { reader.int($0, "signal_per_mass", min: 1) }
        let background = reader.optional(f["background"]) { reader.int($0, "background", min: 1) }
        let part = f["part"].map { reader.choice($0, "part", among: DatasetSpec.specParts) } ?? .all
        let testFraction = f["test_fraction"].map { reader.double($0, "test_fraction", 0...1, openBelow: true) } ?? 0.25
        if let source, source.isGenerator {
            if !f.has("signal_per_mass") {
                reader.error(node, "\(context) uses a generator and needs 'signal_per_mass'")
            }
            if !f.has("background") { reader.error(node, "\(context) uses a generator and needs 'background'") }
            if let partNode = f["part"], part != .all {
                reader.error(partNode, "'part' splits a file source; a generator makes fresh events for each dataset")
            }
        }
        if let source, let masses, let type = source.type, let massNode = f["masses"] ?? f["points"] {
            if points != nil { checkRanges(massNode, of: type, dataset: name, allowNegative: allowNegative) }
            checkMasses(masses, of: type.init(reference: resolved(source)), node: massNode)
        }
        if let source, source.isGenerator, let masses, let perMass = signal ?? nil, let count = background ?? nil,
            let largest = Double(perMass) * Double(masses.count) >= Double(count)
                ? f["signal_per_mass"] : f["background"]
        {
            let settings = Double(ThetaPoint.conditionSettings(of: points ?? []).count)
            let events = Double(perMass) * Double(points?.count ?? masses.count) + Double(count) * max(1, settings)
            let features = source.type?.init(path: nil).featureNames.count ?? 1
            checkMemory(
                MemoryEstimate.events(events, features: features), at: largest,
                "\(context) (\(formatNumber(events)) events of \(features) features)")
        }
        guard let source, let masses, let points, let signal, let background, let part, let testFraction else {
            return nil
        }
        return DatasetSpec(
            name: name, source: source, masses: masses, points: points, signalPerMass: signal, background: background,
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
            if f.entries.count > 1 {
                reader.error(node, "source of \(context) must name exactly one of \(keys.joined(separator: ", "))")
            } else if reader.diagnostics.isEmpty || f.entries.isEmpty {
                reader.error(node, "source of \(context) must name one of \(keys.joined(separator: ", "))")
            }
            return nil
        }
        if entry.key == "generator" {
            guard let word = reader.string(entry.value, "generator") else { return nil }
            if generators.contains(word) { return SourceReference(name: word) }
            let choices = generators.map { "'\($0)'" }
            let list =
                choices.count > 1
                ? choices.dropLast().joined(separator: ", ") + " or " + choices[choices.count - 1] : choices.joined()
            reader.error(
                entry.value,
                "generator must be \(list), found "
                    + "'\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: generators))
            return nil
        }
        guard let type = EventSources.named(entry.key) else { return nil }
        if type.argument == .options { return readOptions(entry.value, of: type) }
        guard let path = reader.string(entry.value, "\(type.name) \(type.argument == .folder ? "folder" : "path")")
        else { return nil }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: resolve(path), isDirectory: &isDirectory)
        guard exists, isDirectory.boolValue == (type.argument == .folder) else {
            reader.error(
                entry.value,
                "\(type.argumentDescription) '\(path)' does not exist (paths are "
                    + "relative to the spec's folder)")
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
            let at = nodes[path] ?? node
            reader.error(at.location(ofColumn: path == problem.path ? problem.column : nil), problem.message)
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
}

extension Spec {
    /// The spec's event sets, in spec order.
    public var datasets: [DatasetSpec] { self[DatasetsSection.self] ?? [] }
}
