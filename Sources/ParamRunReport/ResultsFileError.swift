import Foundation

/// A results file (`roc.csv`, `response.csv`) that cannot be read: which file, which line, and why.
package struct ResultsFileError: Error, CustomStringConvertible, Sendable {
    /// The file's path.
    package var file: String
    /// The 1-based line that does not parse; nil for a problem with the whole file.
    package var line: Int?
    /// What is wrong with it.
    package var reason: String

    package init(_ url: URL, line: Int? = nil, _ reason: String) {
        (file, self.line, self.reason) = (url.path, line, reason)
    }

    /// `path:line: reason`.
    package var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }
}
