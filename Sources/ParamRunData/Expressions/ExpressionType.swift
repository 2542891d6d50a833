/// The type of an expression or of one of its parts: one value per event or a list from one
/// collection, and a number or a true/false condition.
package struct ExpressionType: Hashable, Sendable, CustomStringConvertible {
    /// The collection the values belong to, nil for one value per event. A mask makes a new
    /// collection (the old one's name with the mask's text), so only lists masked alike combine.
    package var collection: String?
    /// Whether the values are conditions.
    package var isBoolean: Bool

    /// One number per event.
    package static let number = ExpressionType(collection: nil, isBoolean: false)
    /// One condition per event.
    package static let boolean = ExpressionType(collection: nil, isBoolean: true)

    /// Whether there is one value per event.
    package var isScalar: Bool { collection == nil }

    /// "a number", "a condition", "a list of numbers from collection nJet"…
    package var description: String {
        let word = isBoolean ? "condition" : "number"
        guard let collection else { return "a \(word)" }
        return "a list of \(word)s (collection \(collection))"
    }
}

/// An expression checked and ready to evaluate: the operations, with every name resolved to a
/// column, every `[…]` settled as an element or a mask, and every `??` attached to what it
/// defaults.
package indirect enum ExpressionPlan: Hashable, Sendable {
    case constant(Double)
    case column(String)
    /// `-x` and the one-argument functions, applied to each value.
    case unary(UnaryOperation, ExpressionPlan)
    /// Arithmetic, comparisons, logic and the two-argument functions; a value per event is
    /// broadcast over a list.
    case binary(BinaryOperation, ExpressionPlan, ExpressionPlan)
    /// Element `index` of each event's list, `fallback` where there is none (NaN without one).
    case element(ExpressionPlan, index: ExpressionPlan, fallback: ExpressionPlan?)
    /// The elements where the condition (a list of the same collection) holds.
    case mask(ExpressionPlan, ExpressionPlan)
    /// One value per event from each event's list; `fallback` for an empty list's min, max or mean.
    case reduce(Reduction, ExpressionPlan, fallback: ExpressionPlan?)

    package enum UnaryOperation: String, Hashable, Sendable, CaseIterable {
        case negate, not, abs, sqrt, exp, log, sin, cos, tan, sinh, cosh, tanh
    }

    package enum BinaryOperation: String, Hashable, Sendable {
        case add, subtract, multiply, divide
        case less, lessEqual, greater, greaterEqual, equal, notEqual
        case and, or
        case atan2, pow, min, max
    }

    package enum Reduction: String, Hashable, Sendable {
        case sum, min, max, mean, count, countTrue, len, any, all
    }
}
