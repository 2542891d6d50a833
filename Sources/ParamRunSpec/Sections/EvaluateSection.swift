import ParamRunData
import ParamRunSupport

/// `evaluate:` is one block or a list of them, each judging some models at masses or θ points
/// of a dataset and asking for outputs (ROC curves, AUCs, …).
struct EvaluateSection: SpecSection {
    static let key = "evaluate"
    static let isRequired = true
    static var reads: [any SpecSection.Type] { [ParametersSection.self, DatasetsSection.self, ModelsSection.self] }
    static let keys = ["data", "masses", "points", "models", "outputs"]
    /// The most (model, θ) evaluations a spec may ask for: each is a stage, planned, keyed and
    /// run on its own, and a 300 × 300 grid is already 90,000 of them.
    static let maximumPoints = 100_000

    let context: SectionContext
    var reader: NodeReader { context.reader }
    var datasets: [DatasetSpec] { context.datasets }
    var declaredDatasets: Set<String> { context.declaredNames(DatasetsSection.key) }
    var declaredModels: Set<String> { context.declaredNames(ModelsSection.key) }
    /// Whether `models:` is a mapping, so that a name it lacks is worth reporting.
    var modelsReadable: Bool {
        guard let node = context.top[ModelsSection.key], case .mapping = node.content else { return false }
        return true
    }
    var parameters: ParameterReader { context.parameters }
    var hasConditions: Bool { context.hasConditions }

    static func read(_ context: SectionContext) -> EvaluationSpec? {
        context.node.flatMap {
            EvaluateSection(context: context).readEvaluations($0, models: context[ModelsSection.self] ?? [])
        }
    }

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
        var evaluated: [String: ThetaPointIndex<String>] = [:]
        for block in blocks {
            guard let one = readEvaluation(block, models: models) else {
                ok = false
                continue
            }
            for point in one.points {
                if let data = evaluated[point.model]?.value(for: point.theta) {
                    if data != point.data {
                        reader.error(
                            block,
                            "model '\(point.model)' is evaluated at "
                                + "\(parameters.describe(point.theta)) on both '\(data)' and '\(point.data)'")
                        ok = false
                    }
                    continue
                }
                points.append(point)
                evaluated[point.model, default: ThetaPointIndex()].insert(point.theta, point.data)
            }
            for output in one.outputs where !outputs.contains(output) { outputs.append(output) }
        }
        if points.count > Self.maximumPoints {
            reader.error(
                node,
                "evaluate asks for \(points.count) (model, θ) evaluations, more than the \(Self.maximumPoints) a spec "
                    + "may ask for: each is a stage of its own")
            ok = false
        }
        return ok ? EvaluationSpec(points: points, outputs: outputs) : nil
    }

    func readEvaluation(_ node: YAMLNode, models: [ModelSpec]) -> EvaluationSpec? {
        guard let f = reader.fields(node, "evaluate", allowed: Self.keys, required: ["models"]) else { return nil }
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
            let message =
                "evaluate reads dataset '\(dataName)', which is not defined"
                + Suggestion.didYouMean(dataName, in: datasets.map(\.name))
            reader.error(dataNode ?? node, message)
        }

        let chosen = chosenModels(f, models: models)

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
            reader.error(
                at,
                "evaluation mass \(formatNumber(mass))\(whose) has no test data: dataset "
                    + "'\(dataset.name)' holds \(testMasses.map(formatNumber).joined(separator: ", "))")
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
                    reader.error(
                        massNode,
                        "masses: held-out evaluates each model at the masses it never saw, but "
                            + "model '\(model.name)' holds none out")
                }
                for m in model.heldOut where check(m, massNode, for: model.name) {
                    points.append(.init(model: model.name, mass: m, data: dataName))
                }
            }
        } else if let word = massNode.scalar, massNode.isPlainScalar, NodeReader.yamlNumber(word) == nil {
            let message =
                "evaluate.masses must be a list of masses, held-out or trained, found "
                + "'\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: ["held-out", "trained"])
            reader.error(massNode, message)
        } else if let masses = reader.masses(
            massNode, "evaluate.masses", allowNegative: dataset?.source.type?.allowsNegativeMasses ?? false)
        {
            let items: [YAMLNode]
            if case .sequence(let list) = massNode.content { items = list } else { items = [massNode] }
            var valid: [Double] = []
            for (m, item) in zip(masses, items) where check(m, item) { valid.append(m) }
            for model in chosen { for m in valid { points.append(.init(model: model.name, mass: m, data: dataName)) } }
        }

        guard dataset != nil || declaredDatasets.contains(dataName) else { return nil }
        return EvaluationSpec(points: points, outputs: readOutputs(f))
    }

    /// The models an evaluate block names, a sweep's name standing for all its models.
    func chosenModels(_ f: NodeReader.Fields, models: [ModelSpec]) -> [ModelSpec] {
        var chosen: [ModelSpec] = []
        var chosenNames: Set<String> = []
        if let list = f["models"].flatMap({ reader.list($0, "evaluate.models") }) {
            if list.isEmpty { reader.error(f["models"]!, "evaluate.models must name at least one model") }
            for item in list {
                guard let name = reader.string(item, "a model name") else { continue }
                let matches = models.filter { $0.name == name || $0.sweep == name }
                if matches.isEmpty, modelsReadable, !declaredModels.contains(name) {
                    let names = models.map(\.name) + Set(models.compactMap(\.sweep)).sorted()
                    let message =
                        "evaluate names model '\(name)', which is not defined"
                        + Suggestion.didYouMean(name, in: names)
                    reader.error(item, message)
                }
                for m in matches where chosenNames.insert(m.name).inserted { chosen.append(m) }
            }
        }
        return chosen
    }

    func readOutputs(_ f: NodeReader.Fields) -> [EvaluationSpec.Output] {
        guard let list = f["outputs"].flatMap({ reader.list($0, "outputs") }) else {
            return EvaluationSpec.Output.allCases
        }
        return list.compactMap { reader.choice($0, "an output", as: EvaluationSpec.Output.self) }
    }

    /// Evaluation points when θ has conditions (or `points:` is written): `held-out`, `trained`,
    /// or points in any form ``ParameterReader`` reads, each of which the dataset must hold.
    func evaluationPoints(
        _ node: YAMLNode, _ what: String, chosen: [ModelSpec], dataset: DatasetSpec?, dataName: String
    ) -> [EvaluationSpec.Point]? {
        let held = ThetaPointIndex(dataset?.points ?? [])
        func check(_ point: ThetaPoint, _ at: YAMLNode, for model: String? = nil) -> Bool {
            guard let dataset, !held.contains(point) else { return true }
            let whose = model.map { " (held out by model '\($0)')" } ?? ""
            reader.error(
                at,
                "evaluation point \(parameters.describe(point))\(whose) has no test data: dataset "
                    + "'\(dataset.name)' holds \(dataset.points.count) points, none of them this one")
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
                    reader.error(
                        node,
                        "\(what): held-out evaluates each model at the points it never saw, but model "
                            + "'\(m.name)' holds none out")
                }
                return m.heldOutPoints.filter { check($0, node, for: m.name) }.map { point(m, $0) }
            }
        }
        if let word = node.scalar, node.isPlainScalar, NodeReader.yamlNumber(word) == nil {
            reader.error(
                node,
                "\(what) must be a list of θ points, held-out or trained, found "
                    + "'\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: ["held-out", "trained"]))
            return nil
        }
        guard
            let entries = parameters.points(
                node, what, allowNegative: dataset?.source.type?.allowsNegativeMasses ?? false)
        else { return nil }
        let valid = entries.filter { check($0.point, $0.node) }.map(\.point)
        return chosen.flatMap { m in valid.map { point(m, $0) } }
    }
}

extension Spec {
    /// Which model is judged at which θ on which dataset, and the outputs asked for.
    public var evaluation: EvaluationSpec { self[EvaluateSection.self] ?? EvaluationSpec(points: [], outputs: []) }
}
