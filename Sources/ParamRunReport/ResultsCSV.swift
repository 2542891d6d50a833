import Foundation
import ParamRunSupport

/// The reading shared by the results tables (``ROCTable``, ``ResponseTable``): lines, a header,
/// rows of numbers, and a ``ResultsFileError`` naming file and line for anything else.
enum ResultsCSV {
    /// Splits `url`'s text into lines, each with its fields, after checking the header.
    static func rows(of url: URL, header: String?) throws
        -> (header: String?, rows: [(line: Int, fields: [Substring])])
    {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ResultsFileError(url, "cannot be read: \(error.localizedDescription)")
        }
        // Numbered before blank lines are dropped, so an error names the line an editor shows.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.isEmpty }.map { (line: $0.offset + 1, text: $0.element) }
        guard let first = lines.first else { return (nil, []) }
        if let header, first.text != header {
            throw ResultsFileError(url, line: first.line, "the first line is not '\(header)'")
        }
        return (String(first.text), lines.dropFirst().map { (line: $0.line, fields: $0.text.split(separator: ",")) })
    }

    /// The numbers of one row, or an error naming it.
    static func numbers(_ fields: [Substring], count: Int, in url: URL, line: Int) throws -> [Double] {
        let numbers = fields.compactMap { Double($0) }
        guard fields.count == count, numbers.count == count else {
            let text = Excerpt.value(fields.joined(separator: ","))
            throw ResultsFileError(url, line: line, "expected \(count) numbers, found '\(text)'")
        }
        return numbers
    }
}
