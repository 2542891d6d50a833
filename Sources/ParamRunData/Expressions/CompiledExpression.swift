/// An expression parsed and checked against a source's columns, ready for ``ExpressionEvaluator``.
package struct CompiledExpression: Hashable, Sendable {
    /// The text as written.
    package let text: String
    /// Its type: one value per event, since a list is no feature, selection nor weight.
    package let type: ExpressionType
    /// The operations to evaluate.
    package let plan: ExpressionPlan

    /// What an expression is used as, which settles the type it must have.
    package enum Role: Sendable {
        /// A feature or a CSV column: a number or a condition (written 1/0) per event.
        case value
        /// A selection: a condition per event.
        case selection
        /// An event weight: a number per event.
        case weight
    }

    /// Parses and checks `text` against `columns` for `role`.
    package init(_ text: String, columns: any ColumnProvider, role: Role = .value) throws(ExpressionError) {
        let node = try ExpressionParser.parse(text)
        let (plan, type) = try ExpressionChecker(text: text, columns: columns).check(node)
        if let collection = type.collection {
            throw ExpressionError(
                .type, in: text, at: node.start,
                "this is a list per event (collection \(collection)); reduce it to one value with "
                    + "X[i] ?? d, sum, min, max, mean, count, len, any or all")
        }
        switch role {
        case .selection where !type.isBoolean:
            throw ExpressionError(
                .type, in: text, at: node.start,
                "a selection must be a condition (a comparison, &&, ||, !), found \(type)")
        case .weight where type.isBoolean:
            throw ExpressionError(.type, in: text, at: node.start, "a weight must be a number, found \(type)")
        default:
            break
        }
        self.text = text
        self.type = type
        self.plan = plan
    }

    /// Every column the expression reads, in the order it first names them.
    package var columnNames: [String] {
        var names: [String] = []
        func visit(_ plan: ExpressionPlan) {
            switch plan {
            case .constant: break
            case .column(let name): if !names.contains(name) { names.append(name) }
            case .unary(_, let a): visit(a)
            case .binary(_, let a, let b), .mask(let a, let b): visit(a); visit(b)
            case .element(let a, let i, let f): visit(a); visit(i); f.map(visit)
            case .reduce(_, let a, let f): visit(a); f.map(visit)
            }
        }
        visit(plan)
        return names
    }
}
