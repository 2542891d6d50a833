/// What a tree says about one of its top-level branches, whether or not this reader can decode it.
public struct ROOTBranchInfo: Sendable {
    /// The branch's name as the tree stores it.
    public let name: String
    /// The element type when the branch is a flat branch of a basic type; nil otherwise.
    public let type: ROOTDataType?
    /// A description of the branch's type as ROOT declares it, e.g. `float`, `int32_t[]`, `bool[3]`, `char*`.
    public let typeName: String
    /// Why the branch cannot be read; nil when it can.
    public let unsupportedReason: String?
    /// How the branch's baskets are compressed.
    public let compression: ROOTCompression
    /// The number of entries (rows) the branch holds.
    public let entries: Int
    /// Baskets on disk plus baskets embedded in the tree object.
    public let basketCount: Int

    /// Whether this reader can decode the branch (`unsupportedReason` is nil).
    public var isSupported: Bool { unsupportedReason == nil }
}
