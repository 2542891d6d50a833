/// Failures of the runner itself, as opposed to a stage's own errors.
public enum RunError: Error, CustomStringConvertible, Equatable {
    case store(path: String, message: String)
    case missingInput(stage: String, input: String)
    case stageFailed(stage: String, message: String, log: String?)
    case interrupted
    /// A result that could not be published to `outputs/<spec>/`: `path` is where it would go.
    case publishing(path: String, message: String)

    /// The failure in one line, naming the path or the stage and, for a failed stage, its log.
    public var description: String {
        switch self {
        case .store(let path, let message):
            return "\(path): \(message)"
        case .missingInput(let stage, let input):
            return "stage \(stage) needs the result of \(input), which is not in the store; run it first"
        case .stageFailed(let stage, let message, let log):
            return "stage \(stage) failed: \(message)" + (log.map { " (log: \($0))" } ?? "")
        case .interrupted:
            return "interrupted"
        case .publishing(let path, let message):
            return "cannot publish \(path): \(message)"
        }
    }
}
