import ParamRunSupport

extension ExpressionChecker {
    /// A function applied element-wise, or a reduction of each event's list to one value.
    func call(
        _ name: String, _ arguments: [ExpressionNode], _ node: ExpressionNode
    ) throws(ExpressionError) -> (Plan, ExpressionType) {
        func arity(_ n: Int, _ usage: String) throws(ExpressionError) {
            guard arguments.count != n else { return }
            throw error(
                .type, node,
                "\(name) takes \(usage), found \(arguments.count) argument\(arguments.count == 1 ? "" : "s")")
        }
        if let operation = Self.unaryFunctions[name] {
            try arity(1, "one argument")
            let (plan, type) = try check(arguments[0])
            try require(type, boolean: false, arguments[0], "\(name) takes a number")
            return (.unary(operation, plan), type)
        }
        if let operation = Self.binaryFunctions[name] ?? (arguments.count == 2 ? minMax(name) : nil) {
            try arity(2, "two arguments")
            let (pa, ta) = try check(arguments[0])
            let (pb, tb) = try check(arguments[1])
            try require(ta, boolean: false, arguments[0], "\(name) takes numbers")
            try require(tb, boolean: false, arguments[1], "\(name) takes numbers")
            return (.binary(operation, pa, pb), try combined(ta, tb, arguments[1], boolean: false))
        }
        guard name == "min" || name == "max" || Self.reductions.contains(name) else {
            throw error(
                .unknownName, node,
                "no function '\(name)'" + Suggestion.didYouMean(name, in: Self.functionNames))
        }
        try arity(1, name == "min" || name == "max" ? "one list, or two numbers" : "one list")
        let (plan, type) = try check(arguments[0])
        guard type.collection != nil else {
            throw error(.type, arguments[0], "\(name) reduces a list, found \(type)")
        }
        let reduction: Plan.Reduction
        switch name {
        case "count": reduction = type.isBoolean ? .countTrue : .count
        case "len": reduction = .len
        case "any", "all":
            try require(type, boolean: true, arguments[0], "\(name) takes a list of conditions")
            reduction = name == "any" ? .any : .all
        default:
            try require(type, boolean: false, arguments[0], "\(name) takes a list of numbers")
            reduction = Plan.Reduction(rawValue: name)!
        }
        let boolean = reduction == .any || reduction == .all
        return (.reduce(reduction, plan, fallback: nil), ExpressionType(isBoolean: boolean))
    }

    private func minMax(_ name: String) -> Plan.BinaryOperation? {
        name == "min" ? .min : name == "max" ? .max : nil
    }
}
