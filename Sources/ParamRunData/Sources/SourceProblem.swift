/// A problem with a source's options, at the place inside them that causes it.
public struct SourceProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where in the options; the spec loader reports at the node written there.
    public var path: SourceValue.Path
    /// What is wrong there, in words.
    public var message: String

    /// A problem `message` at `path` in the options.
    public init(at path: SourceValue.Path, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or the message alone at the top level.
    public var description: String {
        path.isEmpty ? message : "\(path.joined(separator: ".")): \(message)"
    }
}
