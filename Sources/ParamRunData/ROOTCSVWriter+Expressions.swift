import Foundation
import ParamRunSupport
import ROOTIO

/// `paramrun convert --select EXPR --column NAME=EXPR`: rows a selection keeps, and columns computed
/// by expressions after the branches.
extension ROOTCSVWriter {
    /// An expression given on the command line that cannot be used, with the option that gave it.
    package struct OptionError: Error, CustomStringConvertible {
        /// The option as written: `--select …` or `--column NAME=…`.
        package var option: String
        /// What is wrong, at the expression's column.
        package var error: ExpressionError

        /// `option: column N: message`, then the expression with a caret.
        package var description: String { "\(option): \(error)" }
    }

    /// `NAME=EXPR` split at the first `=`; nil when the name is empty or cannot head a CSV column.
    package static func namedExpression(_ text: String) -> (name: String, expression: String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        let forbidden = name.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard !name.isEmpty, !forbidden else { return nil }
        return (name, String(text[text.index(after: equals)...]))
    }

    /// Writes `branches` then the computed `columns` of the entries `select` keeps (every entry
    /// without it). Everything is checked and evaluated before the file is opened, so nothing is
    /// written for a bad expression. Returns the rows written.
    @discardableResult
    package static func write(
        _ tree: ROOTTree, branches: [String], columns: [(name: String, expression: String)], select: String?,
        to path: String
    ) throws -> Int {
        // The branches first: reading one checks its entries against the file before anything the
        // size of the tree is allocated.
        let read = try branches.map { try tree.read(branch: $0) }
        let provider = ROOTTreeColumns(tree: tree)
        if !columns.isEmpty || select != nil { try provider.checkSize() }
        func compiled(_ text: String, _ role: CompiledExpression.Role, _ option: String) throws -> CompiledExpression {
            do {
                return try CompiledExpression(text, columns: provider, role: role)
            } catch {
                throw OptionError(option: option, error: error)
            }
        }
        let selection = try select.map { try compiled($0, .selection, "--select \($0)") }
        let computed = try columns.map { try compiled($0.expression, .value, "--column \($0.name)=\($0.expression)") }
        let evaluator = ExpressionEvaluator(columns: provider)
        func evaluate(_ expression: CompiledExpression, _ option: String) throws -> [Double] {
            do {
                return try evaluator.evaluate(expression)
            } catch {
                throw OptionError(option: option, error: error)
            }
        }
        let values = try zip(computed, columns).map { try evaluate($0, "--column \($1.name)=\($1.expression)") }
        let kept = try selection.map { try evaluator.selected($0) }
        let header = (branches + columns.map(\.name)).joined(separator: ",")
        let rows = kept?.count ?? tree.entries
        try TextSink.writeLines(to: path, header: header, rows: rows) { r, buffer in
            let entry = kept?[r] ?? r
            for (c, column) in read.enumerated() {
                if c > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.append(contentsOf: column.formattedValue(at: entry).utf8)
            }
            for (c, column) in values.enumerated() {
                if c > 0 || !read.isEmpty { buffer.append(UInt8(ascii: ",")) }
                // A missing value (NaN) or an infinity is an empty field, which CSV readers take as missing.
                let x = column[entry]
                if x.isFinite { buffer.append(contentsOf: formatNumber(x).utf8) }
            }
        }
        return rows
    }
}
