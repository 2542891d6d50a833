/// Why a tree could not be written: the tree and branch it concerns, and what is wrong with them.
public struct ROOTWriteError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What kind of input was refused.
    public enum Kind: Equatable, Sendable {
        /// A tree or branch name ROOT cannot hold or look up (empty, not an identifier, repeated).
        case invalidName
        /// Branches disagree on the number of entries, or a counter disagrees with its collection.
        case inconsistent
        /// A basket, a value count or the file would exceed what ROOT's 32-bit fields can express.
        case tooLarge
        /// A writer setting out of range (compression level, entries per basket).
        case invalidSetting
    }

    /// What kind of input was refused.
    public let kind: Kind
    /// The tree concerned, when there is one.
    public let tree: String?
    /// The branch concerned, when there is one.
    public let branch: String?
    /// Human-readable explanation.
    public let message: String

    /// An error of `kind` about `tree` and `branch` where they are known.
    public init(_ kind: Kind, tree: String? = nil, branch: String? = nil, _ message: String) {
        self.kind = kind
        self.tree = tree
        self.branch = branch
        self.message = message
    }

    /// `tree 'T', branch 'B': message`, naming what is known.
    public var description: String {
        var parts: [String] = []
        if let tree { parts.append("tree '\(tree)'") }
        if let branch { parts.append("branch '\(branch)'") }
        return parts.isEmpty ? message : parts.joined(separator: ", ") + ": " + message
    }
}
