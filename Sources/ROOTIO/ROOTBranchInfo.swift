/// What a tree says about one of its top-level branches, whether or not this reader can decode it.
public struct ROOTBranchInfo: Sendable {
    /// The branch's name as the tree stores it.
    public let name: String
    /// The element type when the branch is a flat branch of a basic type; nil otherwise.
    public let type: ROOTDataType?
    /// A description of the branch's type as ROOT declares it, e.g. `float`, `int32_t[]`, `bool[3]`, `char*`,
    /// `vector<float>`.
    public let typeName: String
    /// Why the branch cannot be read as a flat column (one value per entry); nil when it can. For a jagged
    /// branch that ``ROOTTree/readJagged(branch:)`` reads (``shape`` is not nil), it says that a per-entry
    /// column of it needs an expression.
    public let unsupportedReason: String?
    /// How the branch's baskets are compressed.
    public let compression: ROOTCompression
    /// The number of entries (rows) the branch holds.
    public let entries: Int
    /// Baskets on disk plus baskets embedded in the tree object.
    public let basketCount: Int
    /// The values' type for every branch this reader decodes, flat or jagged; nil for the others.
    public let elementType: ROOTDataType?
    /// How many values an entry holds, for every branch this reader decodes; nil for the others.
    public let shape: ROOTBranchShape?

    /// Whether this reader can decode the branch as a flat column (`unsupportedReason` is nil).
    public var isSupported: Bool { unsupportedReason == nil }

    /// Whether ``ROOTTree/readJagged(branch:)`` reads the branch: a counted, fixed-size or vector array.
    public var isJagged: Bool { shape?.isJagged ?? false }

    /// The type as `paramrun inspect` shows it: with the counter's name for a counted array
    /// (`float[nJet]`), else ``typeName``.
    public var declaredType: String {
        guard let shape, let elementType else { return typeName }
        return shape.typeName(element: elementType)
    }
}
