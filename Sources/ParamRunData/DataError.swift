import Foundation
import ParamRunSupport

/// An error raised while reading, generating or transforming event data.
///
/// Every error carries where it came from, so a message points at the file, the
/// 1-based line (`row`) and the 1-based field (`column`) that could not be used.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file does not exist or cannot be opened.
        case cannotOpen(String)
        /// Reading or writing failed at the operating-system level.
        case io(String)
        /// The file holds no header or no data.
        case emptyFile
        /// The header line is missing or names unexpected columns.
        case badHeader(String)
        /// A field is not a decimal number.
        case badNumber(String)
        /// A field is NaN or infinite.
        case notFinite(String)
        /// A label is neither 0 (background) nor 1 (signal).
        case badLabel(String)
        /// A row has the wrong number of fields.
        case wrongColumnCount(expected: Int, found: Int)
        /// A gzip stream ended before its end-of-stream marker.
        case truncatedGzip
        /// zlib reported corrupt compressed data.
        case corruptGzip(String)
        /// A `.npy` file is not a C-ordered little-endian float32 array of the expected shape.
        case badNPY(String)
        /// A request or argument cannot be satisfied.
        case invalidRequest(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file involved, if any.
    public var path: String?
    /// The 1-based line number in the file, if the error concerns one line.
    public var row: Int?
    /// The 1-based field index within the line, if the error concerns one field.
    public var column: Int?
    /// The header name of that field, if known.
    public var columnName: String?

    /// An error of `kind`, naming the file, 1-based row and column (and the column's name) where known.
    public init(_ kind: Kind, path: String? = nil, row: Int? = nil, column: Int? = nil, columnName: String? = nil) {
        self.kind = kind
        self.path = path
        self.row = row
        self.column = column
        self.columnName = columnName
    }

    /// One line: where (file:row:column, column name) and what was wrong; an error that no
    /// file was given to is `error: …` alone, never a placeholder for a name.
    public var description: String {
        guard let path else { return "error: \(Excerpt.message(message))" }
        var location = path
        if let row { location += ":\(row)" }
        if let column {
            location += ":\(column)"
            if let columnName { location += " (\(columnName))" }
        }
        return "\(location): error: \(Excerpt.message(message))"
    }

    /// What was wrong, without where.
    var message: String {
        let message: String
        switch kind {
        case .cannotOpen(let why): message = "cannot open file: \(why)"
        case .io(let why): message = "I/O error: \(why)"
        case .emptyFile: message = "file is empty"
        case .badHeader(let why): message = "bad header: \(why)"
        case .badNumber(let text): message = "not a number: '\(text)'"
        case .badLabel(let text): message = "a label must be 0 (background) or 1 (signal), found '\(text)'"
        case .notFinite(let text): message = "value is not finite: '\(text)'"
        case .wrongColumnCount(let expected, let found):
            message = "expected \(expected) fields, found \(found)"
        case .truncatedGzip: message = "gzip stream is truncated"
        case .corruptGzip(let why): message = "corrupt gzip data: \(why)"
        case .badNPY(let why): message = "bad .npy file: \(why)"
        case .invalidRequest(let why): message = why
        }
        return message
    }
}

extension DataError: LocalizedError {
    /// The same line as ``description``, for Foundation's error reporting.
    public var errorDescription: String? { description }
}
