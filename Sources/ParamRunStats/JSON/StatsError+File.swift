import Foundation

extension StatsError {
    /// The error with `file` named: a model's ``invalidWorkspace(path:reason:)``, raised where
    /// the file is no longer known, becomes ``invalidJSON(file:path:reason:)``; any other error,
    /// which names its file already or has none, is returned as it is.
    public func naming(file: String) -> StatsError {
        if case let .invalidWorkspace(path, reason) = self {
            return .invalidJSON(file: file, path: path, reason: reason)
        }
        return self
    }
}
