import Foundation

/// Short forms of values for error messages: a 10 MB cell must not appear in a message whole.
package enum Excerpt {
    /// Values longer than this are cut.
    package static let valueLimit = 60
    /// Messages longer than this are cut in the middle.
    package static let messageLimit = 600

    /// `value` itself when short; otherwise its first ``valueLimit`` characters and its size.
    package static func value(_ value: some StringProtocol) -> String {
        guard value.utf8.count > valueLimit else { return String(value) }
        return "\(value.prefix(valueLimit))… (\(size(value.utf8.count)))"
    }

    /// `message` itself when short; otherwise its start and end around a note of what was cut.
    package static func message(_ message: String) -> String {
        guard message.utf8.count > messageLimit else { return message }
        let head = message.prefix(messageLimit / 2), tail = message.suffix(messageLimit / 4)
        return "\(head) … [\(size(message.utf8.count - head.utf8.count - tail.utf8.count)) cut] … \(tail)"
    }

    /// A byte count as people read it: `812 bytes`, `10.0 MB`.
    package static func size(_ bytes: Int) -> String { ByteSize.describe(Double(bytes)) }
}
