/// What can go wrong in the support layer; each case says which file or value it concerns.
public enum SupportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Saved generator state that cannot resume a stream.
    case invalidGeneratorState([UInt64])
    /// A file operation failed; `path` is the file and `reason` the system's words.
    case io(path: String, reason: String)
    /// A file paramrun will not write over; `reason` says what it is.
    case refusedDestination(path: String, reason: String)

    /// What was wrong, without the file's name: for a message that names the file already.
    package var reason: String {
        switch self {
        case .invalidGeneratorState: return description
        case .io(_, let reason): return reason
        case .refusedDestination(_, let reason): return reason
        }
    }

    /// One line naming the file or value concerned.
    public var description: String {
        switch self {
        case .invalidGeneratorState(let state): return "generator state must be 4 words, not all zero, found \(state)"
        case .io(let path, let reason): return "\(path): \(reason)"
        case .refusedDestination(let path, let reason): return "refusing to write \(path): \(reason)"
        }
    }
}
