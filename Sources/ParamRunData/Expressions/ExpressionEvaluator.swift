import Dispatch
import Foundation
import ParamRunSupport

/// Evaluates checked expressions over whole columns, one operation at a time: each step is a
/// tight loop over contiguous arrays, so no event is ever an object and the tree is walked once
/// per stretch of a few thousand events (``ExpressionChunk``), never once per event.
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
    /// How many threads evaluate stretches of events at once; the values do not depend on it.
    package let threads: Int
    private var read: [String: Value] = [:]
    /// Events per stretch: a stretch's lists of a few jets each stay within the cache.
    static let stretch = 2048

    /// An evaluator reading `columns`, on `threads` threads (by default one per core).
    package init(columns: any ColumnProvider, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.columns = columns
        eventCount = columns.eventCount
        self.threads = max(1, threads)
    }

    /// One value per event.
    package func evaluate(_ expression: CompiledExpression) throws(ExpressionError) -> [Double] {
        var whole: [String: Value] = [:]
        for name in expression.columnNames { whole[name] = try column(name, expression.text) }
        let n = eventCount, stretch = Self.stretch
        let stretches = (n + stretch - 1) / stretch
        let workers = min(threads, stretches)
        var out = [Double](repeating: 0, count: n)
        let failure = LockedBox<ExpressionError?>(nil)
        out.withUnsafeMutableBufferPointer { buffer in
            let parts = DisjointParts((buffer: buffer, whole: whole, plan: expression.plan, text: expression.text))
            DispatchQueue.concurrentPerform(iterations: max(1, workers)) { w in
                for s in stride(from: w, to: stretches, by: max(1, workers)) {
                    let range = s * stretch..<min(n, (s + 1) * stretch)
                    let chunk = ExpressionChunk(columns: parts.value.whole, range: range, text: parts.value.text)
                    do throws(ExpressionError) {
                        let values = try chunk.evaluate(parts.value.plan)
                        Self.write(values, into: parts.value.buffer, at: range)
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                        return
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return out
    }

    private static func write(_ value: Value, into buffer: UnsafeMutableBufferPointer<Double>, at range: Range<Int>) {
        switch value {
        case .constant(let x): for e in range { buffer[e] = x }
        case .scalar(let values): for (i, e) in range.enumerated() { buffer[e] = values[i] }
        case .jagged: for e in range { buffer[e] = .nan }
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

    private func column(_ name: String, _ text: String) throws(ExpressionError) -> Value {
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
}
