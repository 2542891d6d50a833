/// Why an expression cannot be used: where in its text (a 1-based column) and what is wrong.
///
/// The description shows the expression with a caret under the column. Inside a spec the
/// problem is reported at the spec's `file:line:col`, the column added to where the string starts.
package struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake it is.
    package enum Kind: Hashable, Sendable {
        /// The text is not an expression: a stray character, a missing operand or parenthesis.
        case syntax
        /// The parts do not fit together: a number where a condition belongs, a mask from another collection.
        case type
        /// A name that is no column of the source, nor a function.
        case unknownName
        /// The columns cannot be read or disagree with each other while evaluating.
        case evaluation
    }

    /// What kind of mistake it is.
    package var kind: Kind
    /// The whole expression as written.
    package var expression: String
    /// The 1-based column (in characters) the mistake is at.
    package var column: Int
    /// What is wrong, in words.
    package var message: String

    /// A mistake `message` at `column` of `expression`.
    package init(_ kind: Kind, in expression: String, at column: Int, _ message: String) {
        self.kind = kind
        self.expression = expression
        self.column = max(1, column)
        self.message = message
    }

    /// `column N: message`, then the expression and a caret under the column.
    package var description: String {
        let shown = expression.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        let pad = String(repeating: " ", count: column - 1)
        return "column \(column): \(message)\n  \(shown)\n  \(pad)^"
    }
}
