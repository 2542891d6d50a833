import Foundation
import ParamRunSupport

/// The lines a stage process and its runner exchange while it runs: thread grants on the stage's
/// standard input (`threads N`), progress events as JSON on its standard output.
extension StageInvocation {
    /// A thread grant as the stage reads it: `threads N`, one per line.
    package static func grantLine(_ threads: Int) -> String {
        "threads \(threads)"
    }

    /// The threads a grant line gives, at least 1.
    package static func parseGrant(_ line: String) throws(StageInvocationError) -> Int {
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 2, words[0] == "threads", let count = Int(words[1]), count >= 1 else {
            throw .malformedGrant(line: line)
        }
        return count
    }

    /// An event as the stage writes it: one line of canonical JSON.
    package static func eventLine(_ event: RunEvent) -> String {
        event.jsonLine()
    }

    /// The event an event line carries.
    package static func parseEvent(_ line: String) throws(StageInvocationError) -> RunEvent {
        do {
            return try JSONCoding.decoder().decode(RunEvent.self, from: Data(line.utf8))
        } catch {
            throw .malformedEvent(line: line, reason: String(describing: error))
        }
    }
}
