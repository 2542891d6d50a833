import ParamRunSupport

/// The root source's options as written: trees, branches, expressions and where each was written.
/// Only the form is checked here; files are opened by ``ROOTSource/optionProblems()``.
struct ROOTSourceOptions {
    static let keys = ["signal", "background", "branches", "features", "select", "weight"]

    /// An expression the spec wrote, where it wrote it.
    struct Written: Hashable {
        var text: String
        var path: SourceValue.Path
    }

    var signal: [(mass: Double, trees: [ROOTSource.TreeReference])] = []
    var background: [ROOTSource.TreeReference] = []
    var branches: [ROOTSource.Branch] = []
    /// Named expressions, in the order written; each becomes a feature after the branches.
    var features: [(name: String, expression: Written)] = []
    var select: Written?
    /// A weight that names one branch (read as before expressions existed).
    var weight: ROOTSource.Branch?
    /// A weight written as an expression that is more than a branch name.
    var weightExpression: Written?
    var problems: [SourceProblem] = []

    init(_ reference: SourceReference) {
        guard case .map(let entries) = reference.options else {
            let found = reference.options?.kindName ?? "nothing"
            problems.append(
                SourceProblem(
                    at: [],
                    "the root source takes a mapping with signal, background and branches or features, and "
                        + "optionally select and weight, found \(found)"))
            return
        }
        for entry in entries where !Self.keys.contains(entry.key) {
            problems.append(
                SourceProblem(
                    at: [entry.key],
                    "unknown key '\(entry.key)' in the root source" + Suggestion.didYouMean(entry.key, in: Self.keys)))
        }
        for key in ["signal", "background"] where !entries.contains(where: { $0.key == key }) {
            problems.append(SourceProblem(at: [], "the root source is missing the required key '\(key)'"))
        }
        if !entries.contains(where: { $0.key == "branches" || $0.key == "features" }) {
            problems.append(
                SourceProblem(at: [], "the root source needs 'branches', 'features' or both: the network's inputs"))
        }
        if let value = reference.options?["signal"] { readSignal(value, reference) }
        if let value = reference.options?["background"] {
            background = trees(value, at: ["background"], "background", reference)
        }
        if let value = reference.options?["branches"] { readBranches(value) }
        if let value = reference.options?["features"] { readFeatures(value) }
        if let value = reference.options?["select"] { select = expression(value, at: ["select"], "select") }
        if let value = reference.options?["weight"] { readWeight(value) }
    }

    mutating func trees(
        _ value: SourceValue, at path: SourceValue.Path, _ what: String, _ reference: SourceReference
    ) -> [ROOTSource.TreeReference] {
        let items: [(SourceValue, SourceValue.Path)]
        if case .list(let list) = value {
            items = list.enumerated().map { ($1, path + [String($0)]) }
            if list.isEmpty { problems.append(SourceProblem(at: path, "\(what) names no tree")) }
        } else {
            items = [(value, path)]
        }
        var result: [ROOTSource.TreeReference] = []
        for (item, itemPath) in items {
            guard case .string(let text) = item, !text.isEmpty else {
                problems.append(
                    SourceProblem(at: itemPath, "\(what) must be written FILE:TREE or FILE, found \(item.kindName)"))
                continue
            }
            let (file, tree) = ROOTSource.split(text)
            result.append(
                ROOTSource.TreeReference(written: text, file: reference.resolve(file), tree: tree, path: itemPath))
        }
        return result
    }

    mutating func readSignal(_ value: SourceValue, _ reference: SourceReference) {
        guard case .map(let masses) = value, !masses.isEmpty else {
            problems.append(
                SourceProblem(
                    at: ["signal"],
                    "signal must map each mass to its trees, e.g. {500: \"signal.root:mx500\"}, found \(value.kindName)"
                ))
            return
        }
        for entry in masses {
            guard let mass = Double(entry.key), mass.isFinite, mass >= 0 else {
                problems.append(
                    SourceProblem(
                        at: ["signal", entry.key],
                        "signal keys must be masses (non-negative numbers), found '\(entry.key)'"))
                continue
            }
            signal.append(
                (mass, trees(entry.value, at: ["signal", entry.key], "the signal at mass \(entry.key)", reference)))
        }
    }

    mutating func readBranches(_ value: SourceValue) {
        guard case .list(let names) = value, !names.isEmpty else {
            problems.append(
                SourceProblem(
                    at: ["branches"], "branches must be a non-empty list of branch names, found \(value.kindName)"))
            return
        }
        for (i, name) in names.enumerated() {
            guard let text = name.text, !text.isEmpty, name.kindName != "a boolean" else {
                problems.append(
                    SourceProblem(at: ["branches", String(i)], "a branch name must be text, found \(name.kindName)"))
                continue
            }
            if branches.contains(where: { $0.name == text }) {
                problems.append(SourceProblem(at: ["branches", String(i)], "branch '\(text)' is listed twice"))
                continue
            }
            branches.append(ROOTSource.Branch(name: text, path: ["branches", String(i)]))
        }
    }

    /// `features:` is a list of one-entry maps (`- ht: sum(Jet_pt)`), YAML's ordered map: a plain map's
    /// order would not survive the load key's JSON, where an object's keys are sorted.
    mutating func readFeatures(_ value: SourceValue) {
        let shape = "features must be a list of `- NAME: EXPRESSION` entries (in the order the network takes them)"
        guard case .list(let items) = value, !items.isEmpty else {
            problems.append(SourceProblem(at: ["features"], "\(shape), found \(value.kindName)"))
            return
        }
        for (i, item) in items.enumerated() {
            guard case .map(let entries) = item, entries.count == 1, let entry = entries.first else {
                let found = item.kindName == "a mapping" ? "a mapping of several keys" : item.kindName
                problems.append(SourceProblem(at: ["features", String(i)], "\(shape), found \(found)"))
                continue
            }
            let path = ["features", String(i), entry.key]
            if branches.contains(where: { $0.name == entry.key }) || features.contains(where: { $0.name == entry.key })
            {
                problems.append(SourceProblem(at: path, "feature '\(entry.key)' is named twice"))
                continue
            }
            if let written = expression(entry.value, at: path, "feature '\(entry.key)'") {
                features.append((entry.key, written))
            }
        }
    }

    mutating func expression(_ value: SourceValue, at path: SourceValue.Path, _ what: String) -> Written? {
        guard let text = value.text, value.kindName != "a boolean", !text.isEmpty else {
            problems.append(SourceProblem(at: path, "\(what) must be an expression, found \(value.kindName)"))
            return nil
        }
        // Syntax is checked here, so it is reported even when no tree can be opened.
        do {
            _ = try ExpressionParser.parse(text)
        } catch {
            problems.append(SourceProblem(at: path, column: error.column, "\(error.message) (column \(error.column))"))
            return nil
        }
        return Written(text: text, path: path)
    }

    mutating func readWeight(_ value: SourceValue) {
        guard case .string(let text) = value else {
            problems.append(
                SourceProblem(at: ["weight"], "weight must name a branch or be an expression, found \(value.kindName)"))
            return
        }
        if let node = try? ExpressionParser.parse(text), case .name(let name) = node.kind, name == text {
            weight = ROOTSource.Branch(name: text, path: ["weight"])
        } else {
            weightExpression = expression(value, at: ["weight"], "weight")
        }
    }
}
