/// One stretch of consecutive events evaluated on its own, node by node: its intermediate columns
/// are a few thousand values long, so they stay in cache instead of streaming whole columns
/// through memory at every step, and stretches run on several threads. A stretch starts and ends
/// at event boundaries and every operation is per element or per event, so the values are the
/// same bits however the events are cut.
struct ExpressionChunk {
    typealias Value = ExpressionEvaluator.Value
    /// The whole columns the plan reads, by name.
    let columns: [String: Value]
    /// The events of this stretch.
    let range: Range<Int>
    /// The expression, for errors.
    let text: String

    func evaluate(_ plan: ExpressionPlan) throws(ExpressionError) -> Value {
        switch plan {
        case .constant(let x):
            return .constant(x)
        case .column(let name):
            return slice(name)
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

    /// This stretch of a column, a list's offsets counted from the stretch's first element.
    func slice(_ name: String) -> Value {
        switch columns[name] {
        case .scalar(let values): return .scalar(Array(values[range]))
        case .jagged(let list):
            let first = list.offsets[range.lowerBound], last = list.offsets[range.upperBound]
            let offsets = list.offsets[range.lowerBound...range.upperBound].map { $0 - first }
            return .jagged(JaggedColumn(offsets: offsets, values: Array(list.values[first..<last])))
        case .constant(let x): return .constant(x)
        case nil: return .constant(.nan)
        }
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
        let e =
            (0..<min(a.offsets.count, b.offsets.count)).first { a.offsets[$0] != b.offsets[$0] }.map { $0 - 1 } ?? 0
        throw ExpressionError(
            .evaluation, in: text, at: 1,
            "two lists of one collection have different lengths at event \(range.lowerBound + max(0, e)); "
                + "their counter and their values disagree")
    }
}
