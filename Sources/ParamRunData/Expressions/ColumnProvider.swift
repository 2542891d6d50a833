/// What kind of column a name stands for, known before any value is read.
package struct ColumnKind: Hashable, Sendable {
    /// The collection the column belongs to (its counter, e.g. `nJet`, or its own name for a
    /// vector); nil for one value per event. Columns of one collection share their offsets.
    package var collection: String?
    /// Whether its values are true/false (1/0) rather than numbers.
    package var isBoolean: Bool

    /// A kind with one value per event.
    package static let number = ColumnKind(collection: nil, isBoolean: false)
    /// A true/false flag per event.
    package static let flag = ColumnKind(collection: nil, isBoolean: true)

    /// A kind in `collection` (nil: one value per event).
    package init(collection: String?, isBoolean: Bool = false) {
        self.collection = collection
        self.isBoolean = isBoolean
    }
}

/// The columns an event source offers expressions, read only when an expression needs them.
///
/// A ROOT tree, an RNTuple or a CSV table conforms; the expression checker asks ``kind(of:)``,
/// the evaluator asks ``column(named:)`` once per name it uses.
package protocol ColumnProvider: AnyObject {
    /// The number of events every column covers.
    var eventCount: Int { get }
    /// Every name an expression may use, for did-you-mean suggestions.
    var columnNames: [String] { get }
    /// The kind of the column `name`; nil when there is no such column. Throws when the column
    /// exists but cannot be read (its type is unsupported), with the reason as the message.
    func kind(of name: String) throws -> ColumnKind?
    /// The values of column `name`, each event's flag as 1 or 0.
    func column(named name: String) throws -> EventColumn
}

/// Columns already in memory: hand-made ones, or a table read from CSV.
package final class MemoryColumns: ColumnProvider {
    private let columns: [String: EventColumn]
    private let kinds: [String: ColumnKind]
    /// The number of events every column covers.
    package let eventCount: Int
    /// The names, in the order given.
    package let columnNames: [String]

    /// Columns by name, each with its kind; every column must cover `eventCount` events.
    package init(eventCount: Int, _ entries: [(name: String, kind: ColumnKind, column: EventColumn)]) {
        self.eventCount = eventCount
        columnNames = entries.map(\.name)
        columns = Dictionary(entries.map { ($0.name, $0.column) }, uniquingKeysWith: { a, _ in a })
        kinds = Dictionary(entries.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
        precondition(entries.allSatisfy { $0.column.eventCount == eventCount }, "columns of different lengths")
    }

    /// The kind of `name`; nil for none.
    package func kind(of name: String) -> ColumnKind? { kinds[name] }

    /// The values of `name`.
    package func column(named name: String) throws -> EventColumn {
        guard let column = columns[name] else {
            throw ExpressionError(.unknownName, in: name, at: 1, "no column '\(name)'")
        }
        return column
    }
}
