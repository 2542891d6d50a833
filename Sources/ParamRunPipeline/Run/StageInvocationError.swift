/// What is wrong with one part of a stage process's contract (``StageInvocation``), naming the
/// line or value that broke it.
package enum StageInvocationError: Error, CustomStringConvertible, Equatable {
    /// A line on the stage's standard input that is not `threads N` with N ≥ 1.
    case malformedGrant(line: String)
    /// A line on the stage's standard output that is not an event.
    case malformedEvent(line: String, reason: String)
    /// A parent process ID in the environment that is not a positive integer.
    case malformedParent(value: String)
    /// Threads a stage cannot start with.
    case threads(stage: String, found: Int, limit: Int)

    package var description: String {
        switch self {
        case .malformedGrant(let line):
            return "ignoring control line '\(line)': a grant is 'threads N' with N ≥ 1"
        case .malformedEvent(let line, let reason):
            return "a stage wrote '\(line)' where an event line belongs: \(reason)"
        case .malformedParent(let value):
            return "\(StageInvocation.parentVariable) must be a process ID, found '\(value)'"
        case .threads(let stage, let found, let limit):
            return "\(stage) can use 1 to \(limit) threads, found --threads \(found)"
        }
    }
}
