import Foundation

/// Evaluates checked expressions over whole columns, one operation at a time: each step is a
/// tight loop over contiguous arrays, so no event is ever an object and the tree is walked once
/// per expression, not once per event.
///
/// Conditions are 1 (true) and 0 (false); a missing element is NaN, and a NaN condition is false.
/// Columns are read from the provider once, on first use, and kept for later expressions.
package final class ExpressionEvaluator {
    /// An intermediate result: a constant, one value per event, or a list per event.
    enum Value {
        case constant(Double)
        case scalar([Double])
        case jagged(JaggedColumn)
    }

    let columns: any ColumnProvider
    /// The number of events.
    package let eventCount: Int
    private var read: [String: Value] = [:]
    /// The expression being evaluated, for errors.
    var text = ""

    /// An evaluator reading `columns`.
    package init(columns: any ColumnProvider) {
        self.columns = columns
        eventCount = columns.eventCount
    }

    /// One value per event.
    package func evaluate(_ expression: CompiledExpression) throws(ExpressionError) -> [Double] {
        text = expression.text
        switch try evaluate(expression.plan) {
        case .constant(let x): return [Double](repeating: x, count: eventCount)
        case .scalar(let values): return values
        case .jagged:
            throw ExpressionError(.type, in: text, at: 1, "a list per event is not one value per event")
        }
    }

    /// The events where a selection holds, in order.
    package func selected(_ selection: CompiledExpression) throws(ExpressionError) -> [Int] {
        let conditions = try evaluate(selection)
        var kept: [Int] = []
        kept.reserveCapacity(conditions.count)
        for (e, c) in conditions.enumerated() where c > 0 { kept.append(e) }
        return kept
    }

    func evaluate(_ plan: ExpressionPlan) throws(ExpressionError) -> Value {
        switch plan {
        case .constant(let x):
            return .constant(x)
        case .column(let name):
            return try column(name)
        case .unary(let operation, let a):
            return Self.unary(operation, try evaluate(a))
        case .binary(let operation, let a, let b):
            return try binary(operation, try evaluate(a), try evaluate(b))
        case .element(let list, let index, let fallback):
            return try element(try evaluate(list), try evaluate(index), fallback.map(evaluate))
        case .mask(let list, let condition):
            return try mask(try evaluate(list), try evaluate(condition))
        case .reduce(let reduction, let list, let fallback):
            return try reduce(reduction, try evaluate(list), fallback.map(evaluate))
        }
    }

    private func column(_ name: String) throws(ExpressionError) -> Value {
        if let value = read[name] { return value }
        let column: EventColumn
        do {
            column = try columns.column(named: name)
        } catch let e as ExpressionError {
            throw ExpressionError(.evaluation, in: text, at: 1, "column '\(name)': \(e.message)")
        } catch {
            throw ExpressionError(.evaluation, in: text, at: 1, "column '\(name)': \(error)")
        }
        guard column.eventCount == eventCount else {
            throw ExpressionError(
                .evaluation, in: text, at: 1,
                "column '\(name)' covers \(column.eventCount) events, the others \(eventCount)")
        }
        let value: Value
        switch column {
        case .scalar(let values): value = .scalar(values)
        case .jagged(let list): value = .jagged(list)
        }
        read[name] = value
        return value
    }

    /// Per-event values of a constant or a column, for defaults and indices.
    static func perEvent(_ value: Value?) -> (constant: Double, values: [Double]?) {
        switch value {
        case .constant(let x): return (x, nil)
        case .scalar(let values): return (.nan, values)
        case .jagged, nil: return (.nan, nil)
        }
    }

    /// Offsets two lists share, or an error naming the event where their lengths part.
    func sharedOffsets(_ a: JaggedColumn, _ b: JaggedColumn) throws(ExpressionError) -> [Int] {
        if a.offsets == b.offsets { return a.offsets }
        let e = (0..<min(a.offsets.count, b.offsets.count)).first { a.offsets[$0] != b.offsets[$0] }.map { $0 - 1 } ?? 0
        throw ExpressionError(
            .evaluation, in: text, at: 1,
            "two lists of one collection have different lengths at event \(max(0, e)); "
                + "their counter and their values disagree")
    }
}
