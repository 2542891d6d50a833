/// An error reading a ROOT file: what went wrong, and where (file, tree, branch, byte offset).
public struct ROOTError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public enum Kind: Equatable, Sendable {
        /// The file could not be opened or read from disk.
        case io
        /// The bytes do not form a valid ROOT structure (truncated, corrupt, inconsistent sizes or loops).
        case corrupt
        /// The structure is valid ROOT but outside the subset this reader supports.
        case unsupported
        /// A tree or branch the caller asked for does not exist.
        case notFound
        /// A compressed block failed to decompress or its checksum does not match.
        case decompression
    }

    /// What went wrong, as a category a caller can switch on.
    public let kind: Kind
    /// Path of the file being read.
    public let file: String
    /// Path of the tree inside the file, when the error concerns one.
    public let tree: String?
    /// Branch name, when the error concerns one.
    public let branch: String?
    /// Absolute byte offset in the file near which the problem was found, when known.
    public let offset: Int?
    /// Human-readable explanation.
    public let message: String

    /// An error of `kind` in `file`, naming the tree, branch and byte offset where they are known.
    public init(
        _ kind: Kind, file: String, tree: String? = nil, branch: String? = nil, offset: Int? = nil, _ message: String
    ) {
        self.kind = kind
        self.file = file
        self.tree = tree
        self.branch = branch
        self.offset = offset
        self.message = message
    }

    /// Returns the same error with tree and branch context filled in where missing.
    func with(tree: String? = nil, branch: String? = nil) -> ROOTError {
        ROOTError(kind, file: file, tree: self.tree ?? tree, branch: self.branch ?? branch, offset: offset, message)
    }

    /// One line: the kind, the file, tree, branch and offset where known, and the message.
    public var description: String {
        var place = file
        if let tree { place += ", tree '\(tree)'" }
        if let branch { place += ", branch '\(branch)'" }
        if let offset { place += ", byte \(offset)" }
        let label: String
        switch kind {
        case .io: label = "cannot read"
        case .corrupt: label = "corrupt ROOT data"
        case .unsupported: label = "unsupported"
        case .notFound: label = "not found"
        case .decompression: label = "decompression failed"
        }
        return "\(place): \(label): \(message)"
    }
}
