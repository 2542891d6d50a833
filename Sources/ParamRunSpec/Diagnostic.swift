import Foundation
import ParamRunData
import ParamRunNN
import ParamRunSupport

/// One problem found in a spec, tied to where it is.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// The compiler-style first line: `file:line:col: error: message`.
    public var description: String { "\(location): error: \(message)" }

    /// The first line, then the offending source line and a caret under the column.
    public func rendered(source: String?) -> String {
        guard let source, location.line >= 1 else { return description }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return description }
        let text = lines[location.line - 1].replacingTabs()
        let pad = String(repeating: " ", count: max(0, location.column - 1))
        return "\(description)\n\(text)\n\(pad)^"
    }
}

/// Every problem found in one spec file; thrown as a whole so users fix them in one pass.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The file's text, kept to show the offending lines.
    public var source: String?

    public init(_ diagnostics: [Diagnostic], source: String?) {
        self.diagnostics = diagnostics
        self.source = source
    }

    public var description: String {
        diagnostics.map { $0.rendered(source: source) }.joined(separator: "\n")
    }
}

extension Substring {
    fileprivate func replacingTabs() -> String {
        String(self).replacingOccurrences(of: "\t", with: " ")
    }
}
