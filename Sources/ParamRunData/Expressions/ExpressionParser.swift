/// Parses an expression by precedence, lowest first:
/// `||`, `&&`, comparisons (which do not chain), `??`, `+ -`, `* /`, prefix `- !`, then `x[…]`.
package struct ExpressionParser {
    let text: String
    let tokens: [ExpressionLexer.Token]
    var position = 0
    /// How deeply the parse is nested (parentheses, brackets, arguments, prefix operators).
    var depth = 0
    /// Deeper nesting is refused, so a pathological expression cannot exhaust the stack of the
    /// parser, the checker or the evaluator, which all recurse over the tree.
    static let maximumDepth = 200

    /// The tree of `text`; throws a syntax error at the column where it stops making sense.
    package static func parse(_ text: String) throws(ExpressionError) -> ExpressionNode {
        var parser = ExpressionParser(text: text, tokens: try ExpressionLexer.tokens(text))
        if case .end = parser.current.kind {
            throw ExpressionError(.syntax, in: text, at: 1, "the expression is empty")
        }
        let node = try parser.or()
        guard case .end = parser.current.kind else {
            throw parser.unexpected("an operator or the end of the expression")
        }
        return node
    }

    private init(text: String, tokens: [ExpressionLexer.Token]) {
        self.text = text
        self.tokens = tokens
    }

    var current: ExpressionLexer.Token { tokens[position] }

    /// The current token if it is one of `symbols`, consumed.
    mutating func take(_ symbols: Set<String>) -> (String, Int)? {
        guard case .symbol(let s) = current.kind, symbols.contains(s) else { return nil }
        defer { position += 1 }
        return (s, current.column)
    }

    mutating func expect(_ symbol: String, closing opener: Int? = nil) throws(ExpressionError) {
        guard take([symbol]) == nil else { return }
        var what = "'\(symbol)'"
        if let opener { what += " to close the one at column \(opener)" }
        throw unexpected(what)
    }

    func unexpected(_ wanted: String) -> ExpressionError {
        let found: String
        switch current.kind {
        case .end: found = "the end of the expression"
        case .number(let x): found = "the number \(x)"
        case .name(let n): found = "'\(n)'"
        case .symbol(let s): found = "'\(s)'"
        }
        return ExpressionError(.syntax, in: text, at: current.column, "expected \(wanted), found \(found)")
    }

    mutating func deeper() throws(ExpressionError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw ExpressionError(
                .syntax, in: text, at: current.column, "the expression nests deeper than \(Self.maximumDepth) levels")
        }
    }

    /// A node, refused when the tree under it is deeper than ``maximumDepth``: a long chain such as
    /// `1 + 1 + … + 1` is built in a loop, but checking and evaluating it recurse.
    func make(_ kind: ExpressionNode.Kind, at column: Int) throws(ExpressionError) -> ExpressionNode {
        let node = ExpressionNode(kind, at: column)
        guard node.height <= Self.maximumDepth else {
            throw ExpressionError(
                .syntax, in: text, at: column, "the expression nests deeper than \(Self.maximumDepth) levels")
        }
        return node
    }

    mutating func or() throws(ExpressionError) -> ExpressionNode {
        try deeper()
        defer { depth -= 1 }
        var left = try and()
        while let (op, column) = take(["||"]) {
            left = try make(.infix(op, left, try and()), at: column)
        }
        return left
    }

    mutating func and() throws(ExpressionError) -> ExpressionNode {
        var left = try comparison()
        while let (op, column) = take(["&&"]) {
            left = try make(.infix(op, left, try comparison()), at: column)
        }
        return left
    }

    static let comparisons: Set<String> = ["<", "<=", ">", ">=", "==", "!="]

    mutating func comparison() throws(ExpressionError) -> ExpressionNode {
        let left = try coalesce()
        guard let (op, column) = take(Self.comparisons) else { return left }
        let node = try make(.infix(op, left, try coalesce()), at: column)
        if let (second, at) = take(Self.comparisons) {
            throw ExpressionError(
                .syntax, in: text, at: at,
                "comparisons do not chain; write 'a \(op) b && b \(second) c'")
        }
        return node
    }

    mutating func coalesce() throws(ExpressionError) -> ExpressionNode {
        let left = try additive()
        guard let (_, column) = take(["??"]) else { return left }
        let node = try make(.coalesce(left, try additive()), at: column)
        if let (_, at) = take(["??"]) {
            throw ExpressionError(.syntax, in: text, at: at, "'??' takes one default; parenthesise to chain")
        }
        return node
    }

    mutating func additive() throws(ExpressionError) -> ExpressionNode {
        var left = try multiplicative()
        while let (op, column) = take(["+", "-"]) {
            left = try make(.infix(op, left, try multiplicative()), at: column)
        }
        return left
    }

    mutating func multiplicative() throws(ExpressionError) -> ExpressionNode {
        var left = try prefix()
        while let (op, column) = take(["*", "/"]) {
            left = try make(.infix(op, left, try prefix()), at: column)
        }
        return left
    }

    mutating func prefix() throws(ExpressionError) -> ExpressionNode {
        if let (op, column) = take(["-", "!", "+"]) {
            try deeper()
            defer { depth -= 1 }
            let operand = try prefix()
            if op == "+" { return operand }
            // A negative literal stays a number, so `-1` is a constant and not an operation.
            if op == "-", case .number(let x) = operand.kind { return ExpressionNode(.number(-x), at: column) }
            return try make(.prefix(op, operand), at: column)
        }
        return try postfix()
    }

    mutating func postfix() throws(ExpressionError) -> ExpressionNode {
        var node = try primary()
        while let (_, column) = take(["["]) {
            let inside = try or()
            try expect("]", closing: column)
            node = try make(.subscripted(node, inside), at: column)
        }
        return node
    }

    mutating func primary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .number(let x):
            position += 1
            return ExpressionNode(.number(x), at: token.column)
        case .name(let name):
            position += 1
            guard let (_, open) = take(["("]) else { return ExpressionNode(.name(name), at: token.column) }
            var arguments: [ExpressionNode] = []
            if take([")"]) == nil {
                repeat { arguments.append(try or()) } while take([","]) != nil
                try expect(")", closing: open)
            }
            return try make(.call(name, arguments), at: token.column)
        case .symbol("("):
            position += 1
            let inner = try or()
            try expect(")", closing: token.column)
            return inner
        default:
            throw unexpected("a number, a name or '('")
        }
    }
}
