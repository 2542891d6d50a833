import ParamRunSupport

/// Settles the type of every part of a parsed expression against the columns a source offers,
/// and turns it into an ``ExpressionPlan``; every mistake is an ``ExpressionError`` at its column.
struct ExpressionChecker {
    typealias Plan = ExpressionPlan
    let text: String
    let columns: any ColumnProvider

    static let unaryFunctions: [String: Plan.UnaryOperation] = Dictionary(
        uniqueKeysWithValues: Plan.UnaryOperation.allCases.filter { $0 != .negate && $0 != .not }.map {
            ($0.rawValue, $0)
        })
    static let binaryFunctions: [String: Plan.BinaryOperation] = ["atan2": .atan2, "pow": .pow]
    static let reductions = ["sum", "mean", "count", "len", "any", "all"]
    /// Every function name, for did-you-mean and for names written without their parentheses.
    static let functionNames =
        unaryFunctions.keys.sorted() + binaryFunctions.keys.sorted() + ["min", "max"] + reductions
    static let infix: [String: Plan.BinaryOperation] = [
        "+": .add, "-": .subtract, "*": .multiply, "/": .divide, "<": .less, "<=": .lessEqual, ">": .greater,
        ">=": .greaterEqual, "==": .equal, "!=": .notEqual, "&&": .and, "||": .or
    ]

    func error(_ kind: ExpressionError.Kind, _ node: ExpressionNode, _ message: String) -> ExpressionError {
        ExpressionError(kind, in: text, at: node.start, message)
    }

    func check(_ node: ExpressionNode) throws(ExpressionError) -> (Plan, ExpressionType) {
        switch node.kind {
        case .number(let x):
            return (.constant(x), .number)
        case .name(let name):
            return try column(name, node)
        case .prefix(let op, let operand):
            let (plan, type) = try check(operand)
            if op == "!" {
                try require(type, boolean: true, operand, "'!' takes a condition")
                return (.unary(.not, plan), type)
            }
            try require(type, boolean: false, operand, "'-' takes a number")
            return (.unary(.negate, plan), type)
        case .infix(let op, let a, let b):
            return try infix(op, a, b, node)
        case .call(let name, let arguments):
            return try call(name, arguments, node)
        case .subscripted(let subject, let inside):
            return try subscripted(subject, inside, node, fallback: nil)
        case .coalesce(let value, let fallback):
            return try coalesce(value, fallback, node)
        }
    }

    func column(_ name: String, _ node: ExpressionNode) throws(ExpressionError) -> (Plan, ExpressionType) {
        let kind: ColumnKind?
        do {
            kind = try columns.kind(of: name)
        } catch {
            throw self.error(.evaluation, node, "column '\(name)' cannot be used: \(error)")
        }
        guard let kind else {
            if Self.functionNames.contains(name) {
                throw error(.syntax, node, "'\(name)' is a function; write \(name)(…)")
            }
            throw error(
                .unknownName, node,
                "no column '\(name)'" + Suggestion.didYouMean(name, in: columns.columnNames + Self.functionNames))
        }
        return (.column(name), ExpressionType(collection: kind.collection, isBoolean: kind.isBoolean))
    }

    func require(
        _ type: ExpressionType, boolean: Bool, _ node: ExpressionNode, _ what: String
    ) throws(ExpressionError) {
        guard type.isBoolean != boolean else { return }
        throw error(.type, node, "\(what), found \(type)")
    }

    /// The type of an element-wise combination: lists only with lists of the same collection,
    /// a value per event broadcast over a list.
    func combined(
        _ a: ExpressionType, _ b: ExpressionType, _ right: ExpressionNode, boolean: Bool
    ) throws(ExpressionError) -> ExpressionType {
        if let ca = a.collection, let cb = b.collection, ca != cb {
            throw error(
                .type, right,
                "this is from collection \(cb) but the other side is from collection \(ca); "
                    + "element-wise operations need lists of one collection")
        }
        return ExpressionType(collection: a.collection ?? b.collection, isBoolean: boolean)
    }

    func infix(
        _ op: String, _ a: ExpressionNode, _ b: ExpressionNode, _ node: ExpressionNode
    ) throws(ExpressionError) -> (Plan, ExpressionType) {
        let (pa, ta) = try check(a)
        let (pb, tb) = try check(b)
        let operation = Self.infix[op]!
        switch op {
        case "&&", "||":
            try require(ta, boolean: true, a, "'\(op)' takes conditions")
            try require(tb, boolean: true, b, "'\(op)' takes conditions")
        case "==", "!=":
            guard ta.isBoolean == tb.isBoolean else {
                throw ExpressionError(.type, in: text, at: node.column, "'\(op)' compares \(ta) with \(tb)")
            }
        default:
            try require(ta, boolean: false, a, "'\(op)' takes numbers")
            try require(tb, boolean: false, b, "'\(op)' takes numbers")
        }
        let boolean = !["+", "-", "*", "/"].contains(op)
        return (.binary(operation, pa, pb), try combined(ta, tb, b, boolean: boolean))
    }

    func coalesce(
        _ value: ExpressionNode, _ fallback: ExpressionNode, _ node: ExpressionNode
    ) throws(ExpressionError) -> (Plan, ExpressionType) {
        let (pf, tf) = try check(fallback)
        guard tf.isScalar else { throw error(.type, fallback, "the default after '??' must be one value per event") }
        if case .subscripted(let subject, let inside) = value.kind {
            let (plan, type) = try subscripted(subject, inside, value, fallback: pf)
            if case .element = plan { return (plan, type) }
        }
        if case .call(let name, let arguments) = value.kind, ["min", "max", "mean"].contains(name),
            arguments.count == 1
        {
            let (plan, type) = try call(name, arguments, value)
            if case .reduce(let r, let list, nil) = plan { return (.reduce(r, list, fallback: pf), type) }
        }
        throw ExpressionError(
            .type, in: text, at: node.column,
            "'??' gives a default to an element X[i] or to min, max or mean of a list; not to this")
    }

    func subscripted(
        _ subject: ExpressionNode, _ inside: ExpressionNode, _ node: ExpressionNode, fallback: Plan?
    ) throws(ExpressionError) -> (Plan, ExpressionType) {
        let (ps, ts) = try check(subject)
        let (pi, ti) = try check(inside)
        guard let collection = ts.collection else {
            let what: String
            if case .name(let name) = subject.kind { what = "'\(name)' has" } else { what = "this has" }
            throw ExpressionError(
                .type, in: text, at: node.column,
                "\(what) one value per event, not a list: it cannot be indexed or masked")
        }
        guard let maskCollection = ti.collection else {
            try require(ti, boolean: false, inside, "an index must be a number (a mask a list of conditions)")
            return (.element(ps, index: pi, fallback: fallback), ExpressionType(isBoolean: ts.isBoolean))
        }
        try require(ti, boolean: true, inside, "a mask must be a list of conditions")
        guard maskCollection == collection else {
            throw error(
                .type, inside,
                "this mask is from collection \(maskCollection) but the list is from collection \(collection); "
                    + "a mask must come from the same collection")
        }
        let masked = "\(collection)[\(String(describing: pi))]"
        return (.mask(ps, pi), ExpressionType(collection: masked, isBoolean: ts.isBoolean))
    }
}

extension ExpressionType {
    init(isBoolean: Bool) { self.init(collection: nil, isBoolean: isBoolean) }
}
