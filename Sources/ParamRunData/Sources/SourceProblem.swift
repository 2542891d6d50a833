/// A problem with a source's options, at the place inside them that causes it.
public struct SourceProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where in the options; the spec loader reports at the node written there.
    public var path: SourceValue.Path
    /// What is wrong there, in words.
    public var message: String
    /// The 1-based column inside the text written at `path` (an expression's own column), when the
    /// problem is at one character of it; the spec loader adds it to where the text starts.
    public var column: Int?

    /// A problem `message` at `path` in the options, at `column` of the text written there.
    public init(at path: SourceValue.Path, column: Int? = nil, _ message: String) {
        self.path = path
        self.column = column
        self.message = message
    }

    /// `path: message`, or the message alone at the top level.
    public var description: String {
        path.isEmpty ? message : "\(path.joined(separator: ".")): \(message)"
    }
}
