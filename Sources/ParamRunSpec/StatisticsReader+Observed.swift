import ParamRunData
import ParamRunSupport

/// `statistics.systematics`, `statistics.lumi_uncertainty` and `statistics.observed`: what turns
/// the expected search into a measurement with shape systematics and observed data.
extension StatisticsReader {
    /// `{jes: {uncertainty: 0.05, nominal: 0}}`: each key a θ condition, each value its
    /// one-standard-deviation shift and its nominal value (default 0).
    func readSystematics(_ node: YAMLNode) -> [StatisticsSpec.Systematic]? {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(
                node,
                "statistics.systematics must map θ conditions to {uncertainty: …}, e.g. {jes: {uncertainty: 0.05}}")
            return nil
        }
        var ok = true
        for pair in pairs {
            guard let name = pair.key.scalar, !conditions.contains(name) else { continue }
            ok = false
            let known =
                conditions.isEmpty
                ? "θ has none (declare them under parameters:)" : "θ's are \(conditions.joined(separator: ", "))"
            reader.error(
                pair.key,
                "statistics.systematics names '\(Excerpt.value(name))', which is not a θ condition; \(known)"
                    + Suggestion.didYouMean(name, in: conditions))
        }
        // The conditions it does name are read too, so one validate lists every problem.
        var known = node
        if case .mapping(let pairs) = node.content {
            known.content = .mapping(pairs.filter { $0.key.scalar.map(conditions.contains) ?? true })
        }
        guard let f = reader.fields(known, "statistics.systematics", allowed: conditions) else { return nil }
        var systematics: [StatisticsSpec.Systematic] = []
        for entry in f.entries {
            let what = "statistics.systematics.\(entry.key)"
            guard
                let g = reader.fields(entry.value, what, allowed: ["uncertainty", "nominal"], required: ["uncertainty"])
            else { ok = false; continue }
            let uncertainty = g["uncertainty"].flatMap {
                reader.double($0, "\(what).uncertainty", 0...Double.infinity, openBelow: true)
            }
            let nominal = reader.optional(g["nominal"]) {
                reader.double($0, "\(what).nominal", -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
            }
            guard let uncertainty, let nominal else { ok = false; continue }
            systematics.append(.init(condition: entry.key, nominal: nominal ?? 0, uncertainty: uncertainty))
        }
        return ok ? systematics : nil
    }

    /// Every evaluation a histosys needs, at nominal ± uncertainty for each point, reported at
    /// the systematic's `uncertainty` once per missing θ.
    func checkShiftedEvaluations(
        _ systematics: [StatisticsSpec.Systematic], points: [EvaluationSpec.Point], node: YAMLNode
    ) -> Bool {
        var ok = true
        for systematic in systematics {
            let at = systematicNode(node, systematic.condition)
            var missing: [String] = []
            for point in points {
                for up in [true, false] {
                    var conditions = point.conditions
                    conditions[systematic.condition] = systematic.shifted(up: up)
                    let found = evaluation.points.contains {
                        $0.model == point.model && $0.data == point.data && Mass.same($0.mass, point.mass)
                            && ThetaPoint.sameConditions($0.conditions, conditions)
                    }
                    let theta = ThetaPoint(mass: point.mass, conditions: conditions)
                    if !found, !missing.contains("\(point.model)@\(theta)") {
                        missing.append("\(point.model)@\(theta)")
                    }
                }
            }
            guard let first = missing.first else { continue }
            ok = false
            let more = missing.count > 1 ? " and \(missing.count - 1) more" : ""
            reader.error(
                at,
                "statistics.systematics.\(systematic.condition) needs each network evaluated at "
                    + "\(systematic.condition) = \(formatNumber(systematic.nominal)) ± "
                    + "\(formatNumber(systematic.uncertainty)), but evaluate has no point \(first)\(more); add "
                    + "those values to the test data and to evaluate.points")
        }
        return ok
    }

    /// The node of `statistics.systematics.<condition>.uncertainty`, or the block's own.
    func systematicNode(_ node: YAMLNode, _ condition: String) -> YAMLNode {
        guard case .mapping(let pairs) = node.content,
            let value = pairs.first(where: { $0.key.scalar == condition })?.value,
            case .mapping(let inner) = value.content
        else { return node }
        return inner.first { $0.key.scalar == "uncertainty" }?.value ?? value
    }

    /// `{source: xttbar, inject: {mass: 1000, strength: 1}}`; the source defaults to the test
    /// data's generator.
    func readObserved(
        _ node: YAMLNode, signal: [StatisticsSpec.MassValue]?, points: [EvaluationSpec.Point]?
    ) -> StatisticsSpec.Observed? {
        guard let f = reader.fields(node, "statistics.observed", allowed: ["source", "inject"]) else { return nil }
        let testData = points?.first.flatMap { p in datasets.first { $0.name == p.data } }
        let source: SourceReference?
        if let at = f["source"] {
            source = DatasetsSection(context: context).readSource(at, "statistics.observed")
            if let source, !source.isGenerator {
                reader.error(
                    at,
                    "statistics.observed.source must be a generator "
                        + "(\(EventSources.generators.joined(separator: ", "))): the observed data are pseudo-data it "
                        + "makes; '\(source.name)' reads events and cannot make them"
                )
                return nil
            }
        } else if let testData {
            guard testData.source.isGenerator else {
                reader.error(
                    node,
                    "statistics.observed has no source, and the test data '\(testData.name)' reads events from "
                        + "'\(testData.source.name)', which cannot make pseudo-data; name a generator as its source")
                return nil
            }
            source = testData.source
        } else {
            source = nil
        }
        let injection = reader.optional(f["inject"]) { readInjection($0, signal: signal, source: source) }
        guard let source, let type = source.type else { return nil }
        let at = f["source"] ?? node
        var ok = injection != nil
        if let testData, let tested = testData.source.type,
            type.init(path: nil).featureNames != tested.init(reference: testData.source).featureNames
        {
            reader.error(
                at,
                "statistics.observed.source '\(source.name)' makes other features than the test data "
                    + "'\(testData.name)' (\(testData.source.name)); the networks score only the features they know")
            ok = false
        }
        let known = type.conditions.map(\.name)
        if let missing = conditions.first(where: { !known.contains($0) }) {
            reader.error(
                at,
                "statistics.observed.source '\(source.name)' cannot make events under θ condition '\(missing)'")
            ok = false
        }
        guard ok, let injection else { return nil }
        return .init(source: source, injection: injection)
    }

    /// `{mass: M, strength: s}`: a mass of the signal table the generator can make, and s ≥ 0.
    func readInjection(
        _ node: YAMLNode, signal: [StatisticsSpec.MassValue]?, source: SourceReference?
    ) -> StatisticsSpec.Injection? {
        let what = "statistics.observed.inject"
        guard let f = reader.fields(node, what, allowed: ["mass", "strength"], required: ["mass", "strength"]) else {
            return nil
        }
        let mass = f["mass"].flatMap {
            reader.double($0, "\(what).mass", -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        }
        let strength = f["strength"].flatMap { reader.double($0, "\(what).strength", 0...Double.infinity) }
        guard let mass, let strength, let massNode = f["mass"] else { return nil }
        if let signal, StatisticsSpec.interpolate(signal, at: mass) == nil {
            let range = "\(formatNumber(signal.first?.mass ?? 0))…\(formatNumber(signal.last?.mass ?? 0))"
            reader.error(
                massNode,
                "\(what).mass \(formatNumber(mass)) is outside the signal table (\(range)), so it has no yield")
            return nil
        }
        if let range = source?.type?.validRange(of: "mass"), !range.contains(mass) {
            reader.error(
                massNode,
                "\(what).mass \(formatNumber(mass)) is outside what '\(source?.name ?? "")' can make "
                    + "(\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound)))")
            return nil
        }
        return .init(mass: mass, strength: strength)
    }
}
