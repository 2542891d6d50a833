/// A dense row-major Float32 matrix: one row per example, one column per input.
public struct Matrix: Hashable, Sendable {
    /// The number of rows (examples).
    public let rows: Int
    /// The number of columns (features).
    public let columns: Int
    /// `rows × columns` values, row after row.
    public var values: [Float]

    /// Wraps `values` laid out row after row; throws when the count is not `rows × columns`.
    public init(rows: Int, columns: Int, values: [Float]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw NNError.shapeMismatch(
                what: "matrix values", expected: "\(rows) × \(columns) = \(rows * columns)",
                found: "\(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.rows = rows
        self.columns = columns
        values = Array(repeating: value, count: rows * columns)
    }

    /// Builds a matrix from rows of equal length.
    public init(_ rowValues: [[Float]]) throws {
        let columns = rowValues.first?.count ?? 0
        for (i, row) in rowValues.enumerated() where row.count != columns {
            throw NNError.shapeMismatch(what: "row \(i)", expected: "\(columns) columns", found: "\(row.count)")
        }
        try self.init(rows: rowValues.count, columns: columns, values: rowValues.flatMap { $0 })
    }

    /// The value at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }
}
