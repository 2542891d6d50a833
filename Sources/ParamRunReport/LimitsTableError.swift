/// A `limits.csv` that cannot be read.
package struct LimitsTableError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { "limits.csv: \(message)" }
}
