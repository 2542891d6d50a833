import Foundation
import ParamRunSupport

/// One problem found in a spec, tied to where it is.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong, in one line, ready to print after `error:`.
    public var message: String

    package init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = Excerpt.message(message)
    }

    /// The compiler-style first line: `file:line:col: error: message`.
    public var description: String { "\(location): error: \(message)" }

    /// The first line, then the offending source line and a caret under the column.
    public func rendered(source: String?) -> String {
        rendered(lines: source.map { $0.split(separator: "\n", omittingEmptySubsequences: false) })
    }

    /// As ``rendered(source:)``, with the source already split, so many diagnostics cost one split.
    func rendered(lines: [Substring]?) -> String {
        guard let lines, location.line >= 1, location.line <= lines.count else { return description }
        var text = lines[location.line - 1].replacingTabs()
        var column = max(1, location.column)
        // A line of megabytes is shown as the stretch around the column, not whole.
        if text.count > Self.shownLineWidth {
            let start = max(0, column - 1 - Self.shownLineWidth / 2)
            let slice = text.dropFirst(start).prefix(Self.shownLineWidth)
            text = (start > 0 ? "…" : "") + slice + "…"
            column = column - start + (start > 0 ? 1 : 0)
        }
        let pad = String(repeating: " ", count: max(0, column - 1))
        return "\(description)\n\(text)\n\(pad)^"
    }

    static let shownLineWidth = 160
}

/// Every problem found in one spec file; thrown as a whole so users fix them in one pass.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    /// Every problem, ordered by line and column.
    public var diagnostics: [Diagnostic]
    /// The file's text, kept to show the offending lines.
    public var source: String?

    package init(_ diagnostics: [Diagnostic], source: String?) {
        self.diagnostics = diagnostics
        self.source = source
    }

    /// At most this many problems are shown; a file with thousands repeats one mistake.
    package static let shownLimit = 100

    /// Each problem rendered with its source line and a caret, at most ``shownLimit`` of them,
    /// then a count of the rest.
    public var description: String {
        let lines = source.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        var shown = diagnostics.prefix(Self.shownLimit).map { $0.rendered(lines: lines) }
        if diagnostics.count > Self.shownLimit, let file = diagnostics.first?.location.file {
            shown.append(
                "… and \(diagnostics.count - Self.shownLimit) more problems in \(file) (\(diagnostics.count) in all)")
        }
        return shown.joined(separator: "\n")
    }
}

extension Substring {
    fileprivate func replacingTabs() -> String {
        String(self).replacingOccurrences(of: "\t", with: " ")
    }
}
