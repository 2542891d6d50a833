/// A `limits.csv` that cannot be read.
public struct LimitsTableError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { "limits.csv: \(message)" }
}
