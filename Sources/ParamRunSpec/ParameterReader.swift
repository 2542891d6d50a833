import ParamRunData
import ParamRunSupport

/// Reads the `parameters:` block and every θ point a spec writes, in its three forms:
///
/// - a list of numbers (`[500, 1000]`), the mass alone: only when θ is the mass alone;
/// - a grid, one list (or one value) per component, meaning every combination:
///   `{mass: [500, 1000], jes: [-0.1, 0, 0.1]}`;
/// - a list of grids, concatenated: `[{mass: 500, jes: 0}, {mass: 1000, jes: [-0.1, 0.1]}]`.
///
/// A value is a number in its component's unit, or a number with a unit (`1.5 TeV`) of the
/// same dimension. Each problem is reported at the node that has it.
struct ParameterReader {
    static let keys = ["unit", "scale"]
    /// The most θ points one list or grid may expand to: a 1000 × 1000 grid. Reading is linear
    /// in the points, but each is a sample to make and a point to judge, and a few written
    /// values can name more than any machine could hold.
    static let maximumPoints = 1_000_000
    let reader: NodeReader
    var parameters: [ParameterSpec] = ParameterSpec.massOnly

    init(reader: NodeReader) {
        self.reader = reader
    }

    /// `parameters: {mass: {unit: GeV}, jes: {unit: "1", scale: none}}`; `mass` comes first.
    mutating func readBlock(_ node: YAMLNode) {
        guard case .mapping(let pairs) = node.content, !pairs.isEmpty else {
            reader.error(
                node,
                "parameters must be a mapping of θ components to {unit, scale}, mass first, found "
                    + "\(node.kindName == "a mapping" ? "an empty mapping" : node.kindName)"
            )
            return
        }
        var result: [ParameterSpec] = []
        for (index, pair) in pairs.enumerated() {
            guard let name = pair.key.scalar, !pair.key.isNull, !name.isEmpty,
                name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" })
            else {
                reader.error(
                    pair.key,
                    "a θ component's name may use only letters, digits and '_', found \(reader.describe(pair.key))")
                continue
            }
            if index == 0, name != ParameterSpec.mass {
                reader.error(
                    pair.key,
                    "the first θ component must be '\(ParameterSpec.mass)', the signal hypothesis, found "
                        + "'\(Excerpt.value(name))'"
                )
                continue
            }
            if index > 0, name == ParameterSpec.mass {
                reader.error(pair.key, "'\(ParameterSpec.mass)' must be the first θ component")
                continue
            }
            if result.contains(where: { $0.name == name }) {
                reader.error(pair.key, "duplicate θ component '\(Excerpt.value(name))'")
                continue
            }
            var parameter = ParameterSpec(name: name, unit: name == ParameterSpec.mass ? "GeV" : "")
            if !pair.value.isNull, let f = reader.fields(pair.value, "θ component '\(name)'", allowed: Self.keys) {
                if let u = f["unit"], let unit = reader.string(u, "unit") {
                    let known = ParameterSpec.units.keys.filter { !$0.isEmpty }.sorted()
                    if ParameterSpec.units[unit] == nil {
                        reader.error(
                            u,
                            "unit must be one of \(known.joined(separator: ", ")) (1: dimensionless), found "
                                + "'\(Excerpt.value(unit))'"
                                + Suggestion.didYouMean(unit, in: known))
                    } else if name == ParameterSpec.mass, ParameterSpec.units[unit]?.dimension != "energy" {
                        reader.error(
                            u, "unit mismatch: mass is an energy (GeV, TeV or MeV), found '\(Excerpt.value(unit))'")
                    } else {
                        parameter.unit = unit == "1" ? "" : unit
                    }
                }
                if let s = f["scale"] {
                    parameter.scale = reader.choice(s, "scale of θ component '\(name)'", as: Scaler.Kind.self)
                }
            }
            result.append(parameter)
        }
        if !result.isEmpty { parameters = result }
    }

    /// Checks the conditions against what a dataset's source can make, at the block's keys.
    func checkConditions(of source: any EventSource.Type, dataset: String, block: YAMLNode?) {
        let known = source.conditions
        for parameter in parameters.dropFirst() {
            let at = keyNode(parameter.name, in: block) ?? block
            guard let condition = known.first(where: { $0.name == parameter.name }) else {
                let list = known.isEmpty ? "it knows none" : "it knows \(known.map(\.name).joined(separator: ", "))"
                if let at {
                    reader.error(
                        at,
                        "dataset '\(dataset)' (source \(source.name)) cannot make events under θ component "
                            + "'\(parameter.name)': \(list)"
                    )
                }
                continue
            }
            let expected = ParameterSpec.units[condition.unit]?.dimension ?? "dimensionless"
            if expected != parameter.dimension, let at {
                reader.error(
                    at,
                    "unit mismatch: '\(parameter.name)' of source \(source.name) is "
                        + "\(expected == "energy" ? "an energy" : "dimensionless"), but parameters declares it "
                        + "in \(parameter.unit.isEmpty ? "no unit" : parameter.unit)"
                )
            }
        }
    }

    func keyNode(_ name: String, in block: YAMLNode?) -> YAMLNode? {
        guard let block, case .mapping(let pairs) = block.content else { return nil }
        return pairs.first { $0.key.scalar == name }?.key
    }

    /// θ points in any of the three forms, each with the node it was written at; nil after an error.
    func points(_ node: YAMLNode, _ what: String, allowNegative: Bool) -> [(point: ThetaPoint, node: YAMLNode)]? {
        var result: [(point: ThetaPoint, node: YAMLNode)] = []
        var ok = true
        let items: [YAMLNode]
        if case .sequence(let list) = node.content { items = list } else { items = [node] }
        for item in items {
            switch item.content {
            case .mapping:
                guard let grid = grid(item, what, allowNegative: allowNegative) else { ok = false; continue }
                guard result.count + grid.count <= Self.maximumPoints else {
                    reader.error(item, "\(what) holds more than the \(Self.maximumPoints) points a θ list may hold")
                    return nil
                }
                result += grid.map { ($0, item) }
            case .scalar where !item.isNull:
                guard parameters.count == 1 else {
                    reader.error(
                        item,
                        "\(what): the point \(reader.describe(item)) is missing θ "
                            + "component\(parameters.count > 2 ? "s" : "") "
                            + "\(parameters.dropFirst().map { "'\($0.name)'" }.joined(separator: ", ")); write "
                            + "it as {\(parameters.map { "\($0.name): …" }.joined(separator: ", "))}"
                    )
                    ok = false
                    continue
                }
                guard let mass = value(item, parameters[0], what, allowNegative: allowNegative) else {
                    ok = false; continue
                }
                result.append((ThetaPoint(mass: mass), item))
            default:
                reader.error(
                    item,
                    "\(what) must be a list of masses or θ points such as "
                        + "{\(parameters.map { "\($0.name): …" }.joined(separator: ", "))}, found "
                        + "\(item.kindName)"
                )
                ok = false
            }
        }
        var seen = ThetaPointIndex<Bool>()
        for entry in result where !seen.insert(entry.point) {
            reader.error(entry.node, "\(what) lists the point \(describe(entry.point)) twice")
            ok = false
        }
        return ok ? result : nil
    }

    /// `{mass: [500, 1000], jes: 0}`: every combination, in the order the components are declared.
    func grid(_ node: YAMLNode, _ what: String, allowNegative: Bool) -> [ThetaPoint]? {
        guard case .mapping(let pairs) = node.content else { return nil }
        var values: [String: [Double]] = [:]
        var ok = true
        for pair in pairs {
            guard let name = pair.key.scalar, let parameter = parameters.first(where: { $0.name == name }) else {
                let declared = parameters.map(\.name)
                reader.error(
                    pair.key,
                    "\(what): θ component \(reader.describe(pair.key)) is not declared in parameters "
                        + "(\(declared.joined(separator: ", ")))"
                        + Suggestion.didYouMean(pair.key.scalar ?? "", in: declared))
                ok = false
                continue
            }
            guard values[name] == nil else {
                reader.error(pair.key, "\(what): θ component '\(name)' is given twice")
                ok = false
                continue
            }
            let items: [YAMLNode]
            if case .sequence(let list) = pair.value.content { items = list } else { items = [pair.value] }
            if items.isEmpty {
                reader.error(pair.value, "\(what): θ component '\(name)' needs at least one value"); ok = false
            }
            let read = items.compactMap { value($0, parameter, what, allowNegative: allowNegative) }
            if read.count != items.count { ok = false }
            values[name] = read
        }
        let missing = parameters.filter { values[$0.name] == nil }
        if !missing.isEmpty, ok {
            reader.error(
                node,
                "\(what): the point is missing θ component\(missing.count > 1 ? "s" : "") "
                    + "\(missing.map { "'\($0.name)'" }.joined(separator: ", ")) (parameters: "
                    + "\(parameters.map(\.name).joined(separator: ", ")))"
            )
            ok = false
        }
        guard ok else { return nil }
        let count = values.values.reduce(1.0) { $0 * Double($1.count) }
        guard count <= Double(Self.maximumPoints) else {
            reader.error(
                node,
                "\(what): the grid holds \(formatNumber(count)) points, more than the "
                    + "\(Self.maximumPoints) a θ list may hold")
            return nil
        }
        var points = (values[ParameterSpec.mass] ?? []).map { ThetaPoint(mass: $0) }
        for parameter in parameters.dropFirst() {
            points = points.flatMap { point in
                (values[parameter.name] ?? []).map { v in
                    var p = point
                    p.conditions[parameter.name] = v
                    return p
                }
            }
        }
        return points
    }

    /// One component's value: a number in its unit, or `NUMBER UNIT` of the same dimension.
    func value(_ node: YAMLNode, _ parameter: ParameterSpec, _ what: String, allowNegative: Bool) -> Double? {
        guard let text = node.scalar, !node.isNull, !text.isEmpty else {
            reader.error(node, "each value of \(what) must be a number, found \(node.kindName)")
            return nil
        }
        var number = text
        var factor = parameter.factor
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 2, NodeReader.yamlNumber(String(words[0])) != nil {
            let unit = String(words[1])
            guard let known = ParameterSpec.units[unit] else {
                reader.error(
                    node,
                    "\(what): unknown unit '\(Excerpt.value(unit))' in '\(Excerpt.value(text))'; known: GeV, "
                        + "TeV, MeV, 1"
                )
                return nil
            }
            guard known.dimension == parameter.dimension else {
                let declared = parameter.dimension == "energy" ? "an energy in \(parameter.unit)" : "dimensionless"
                reader.error(
                    node,
                    "unit mismatch: θ component '\(parameter.name)' is \(declared), found '\(Excerpt.value(text))'")
                return nil
            }
            number = String(words[0])
            factor = known.factor
        } else if !node.isPlainScalar || NodeReader.yamlNumber(text) == nil {
            reader.error(node, "each value of \(what) must be a number, found \(reader.describe(node))")
            return nil
        }
        guard let raw = NodeReader.yamlNumber(number), raw.isFinite else {
            reader.error(node, "each value of \(what) must be a finite number, found \(reader.describe(node))")
            return nil
        }
        let value = raw * factor
        guard value.isFinite else {
            reader.error(
                node,
                "each value of \(what) must be a finite number "
                    + "in \(parameter.unit.isEmpty ? "its unit" : parameter.unit), "
                    + "found \(reader.describe(node))")
            return nil
        }
        if parameter.name == ParameterSpec.mass, !allowNegative, value <= 0 {
            reader.error(node, "each value of \(what) must be greater than 0, found \(formatNumber(value))")
            return nil
        }
        return value
    }

    /// A point as messages write it: `1000` or `(mass 1000, jes -0.05)`.
    func describe(_ point: ThetaPoint) -> String {
        guard !point.conditions.isEmpty else { return formatNumber(point.mass) }
        let parts =
            [formatNumber(point.mass)]
            + parameters.dropFirst().compactMap { p in point.conditions[p.name].map { "\(p.name) \(formatNumber($0))" }
            }
        return "(mass " + parts.joined(separator: ", ") + ")"
    }
}
