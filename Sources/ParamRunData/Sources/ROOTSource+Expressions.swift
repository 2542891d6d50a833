import ParamRunSupport
import ROOTIO

/// The root source's `features`, `select` and an expression `weight`: checked against each tree's
/// branches when the spec is validated, evaluated column by column when the events are read.
extension ROOTSource {
    /// Every expression the options write, with the type its place demands.
    var expressions: [(written: ROOTSourceOptions.Written, role: CompiledExpression.Role)] {
        (select.map { [($0, .selection)] } ?? []) + features.map { ($0.expression, .value) }
            + (weightExpression.map { [($0, .weight)] } ?? [])
    }

    /// Each expression that does not fit `tree`'s branches, at its path and its own column; an
    /// expression already reported for another tree is not repeated.
    func expressionProblems(
        in tree: ROOTTree, of ref: TreeReference, reported: inout Set<SourceValue.Path>
    ) -> [SourceProblem] {
        let columns = ROOTTreeColumns(tree: tree)
        var problems: [SourceProblem] = []
        for (written, role) in expressions where !reported.contains(written.path) {
            do {
                _ = try CompiledExpression(written.text, columns: columns, role: role)
            } catch {
                reported.insert(written.path)
                problems.append(
                    SourceProblem(
                        at: written.path, column: error.column,
                        "\(error.message) (tree '\(tree.path)' in \(ref.written), column \(error.column))"))
            }
        }
        return problems
    }

    /// One tree's features as float32 rows (branches, then expressions), for the events the
    /// selection keeps, and their weights.
    func read(_ ref: TreeReference, label: Float, theta: Float, files: inout [String: ROOTFile]) throws -> EventTable {
        let (_, tree) = try open(ref, files: &files)
        // Every branch holds the tree's entries within ROOTLimits (the check read(branch:) repeats) before
        // the table for them is allocated.
        for branch in branches + (weight.map { [$0] } ?? []) { try tree.check(branch: branch.name) }
        let columns = ROOTTreeColumns(tree: tree)
        try columns.checkSize()
        let evaluator = ExpressionEvaluator(columns: columns)
        func evaluate(_ written: ROOTSourceOptions.Written, _ role: CompiledExpression.Role) throws -> [Double] {
            do {
                return try evaluator.evaluate(CompiledExpression(written.text, columns: columns, role: role))
            } catch {
                throw DataError(
                    .invalidRequest(
                        "root source: \(written.path.joined(separator: ".")): tree '\(tree.path)' in "
                            + "\(ref.written): \(error)"))
            }
        }
        let kept: [Int]?
        if let select {
            let conditions = try evaluate(select, .selection)
            kept = conditions.indices.filter { conditions[$0] > 0 }
        } else {
            kept = nil
        }
        let n = kept?.count ?? tree.entries
        let width = branches.count + features.count
        var table = [Float](repeating: 0, count: n * width)
        func fill(_ c: Int, _ values: [Double]) {
            if let kept {
                for (r, entry) in kept.enumerated() { table[r * width + c] = Float(values[entry]) }
            } else {
                for r in 0..<n { table[r * width + c] = Float(values[r]) }
            }
        }
        for (c, branch) in branches.enumerated() { fill(c, try tree.readAsDouble(branch: branch.name)) }
        for (i, feature) in features.enumerated() {
            let values = try evaluate(feature.expression, .value)
            if let entry = (kept ?? Array(values.indices)).first(where: { !values[$0].isFinite }) {
                throw DataError(
                    .invalidRequest(
                        "root source: feature '\(feature.name)' (\(feature.expression.text)) is \(values[entry]) at "
                            + "entry \(entry) of tree '\(tree.path)' in \(ref.written); features must be finite "
                            + "(give a missing element a default with ?? d)"))
            }
            fill(branches.count + i, values)
        }
        let weights = try readWeights(tree, ref, kept: kept, evaluate: evaluate)
        return EventTable(
            featureNames: featureNames, features: table, labels: [Float](repeating: label, count: n),
            theta: [Float](repeating: theta, count: n), weights: weights)
    }

    private func readWeights(
        _ tree: ROOTTree, _ ref: TreeReference, kept: [Int]?,
        evaluate: (ROOTSourceOptions.Written, CompiledExpression.Role) throws -> [Double]
    ) throws -> [Float]? {
        let values: [Double]
        if let weight {
            values = try tree.readAsDouble(branch: weight.name)
        } else if let weightExpression {
            values = try evaluate(weightExpression, .weight)
        } else {
            return nil
        }
        let entries = kept ?? Array(values.indices)
        if let bad = entries.first(where: { !(Float(values[$0]).isFinite && Float(values[$0]) >= 0) }) {
            throw ROOTError(
                .unsupported, file: ref.file, tree: tree.path, branch: weight?.name ?? weightExpression?.text,
                "entry \(bad) has weight \(values[bad]); event weights must be finite and non-negative")
        }
        return entries.map { Float(values[$0]) }
    }
}
