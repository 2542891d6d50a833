/// One node of a parsed expression, with the 1-based column its text starts at (an operator's
/// node starts at the operator, so errors about it point there).
package struct ExpressionNode: Hashable, Sendable {
    /// What the node is.
    package indirect enum Kind: Hashable, Sendable {
        /// A number written in the expression.
        case number(Double)
        /// A column of the source: `Jet_pt`, `MET_pt`.
        case name(String)
        /// `-x` or `!x`.
        case prefix(String, ExpressionNode)
        /// `a op b` for `+ - * / < <= > >= == != && ||`.
        case infix(String, ExpressionNode, ExpressionNode)
        /// `f(a, …)`: a function or a reduction.
        case call(String, [ExpressionNode])
        /// `x[i]` (an element) or `x[cond]` (a mask); which one is settled by the type of the inside.
        case subscripted(ExpressionNode, ExpressionNode)
        /// `x ?? d`: d where x has no value.
        case coalesce(ExpressionNode, ExpressionNode)
    }

    /// What the node is.
    package var kind: Kind
    /// Where its text starts (for an operator, where the operator is).
    package var column: Int
    /// The number of nodes on the longest path down from this one (1 for a leaf).
    package let height: Int

    /// The column of the node's leftmost character: where the whole of it starts.
    package var start: Int {
        switch kind {
        case .infix(_, let a, _), .subscripted(let a, _), .coalesce(let a, _): return Swift.min(column, a.start)
        default: return column
        }
    }

    /// A node of `kind` at `column`.
    package init(_ kind: Kind, at column: Int) {
        self.kind = kind
        self.column = column
        switch kind {
        case .number, .name: height = 1
        case .prefix(_, let a): height = a.height + 1
        case .infix(_, let a, let b), .subscripted(let a, let b), .coalesce(let a, let b):
            height = Swift.max(a.height, b.height) + 1
        case .call(_, let arguments): height = (arguments.map(\.height).max() ?? 0) + 1
        }
    }
}
