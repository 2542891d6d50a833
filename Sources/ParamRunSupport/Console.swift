import Foundation

/// Lines for the terminal or a log, written unbuffered: a cluster job's stdout is a file, where
/// C's block buffering would put printed lines out of order with the errors on stderr.
package enum Console {
    /// Writes `line` and a newline to standard output.
    package static func out(_ line: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((line + terminator).utf8))
    }

    /// Writes `line` and a newline to standard error.
    package static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
