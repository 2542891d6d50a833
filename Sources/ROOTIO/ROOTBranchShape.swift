/// How many values one entry of a branch holds, as the tree declares it.
public enum ROOTBranchShape: Sendable, Equatable {
    /// One value per entry: a flat branch, read with `ROOTTree.read(branch:)`.
    case scalar
    /// `T[n]`: the same number of values in every entry.
    case fixedArray(count: Int)
    /// `T[counter]`: as many values as the counter branch says for that entry (`Jet_pt[nJet]`).
    case counted(counter: String)
    /// `std::vector<T>` of a basic type: each entry stores its own length.
    case vector

    /// Whether an entry may hold other than one value, so that reading it needs `ROOTTree.readJagged(branch:)`.
    public var isJagged: Bool { self != .scalar }

    /// The declared type, as `paramrun inspect` prints it: `float`, `float[3]`, `float[nJet]`, `vector<float>`.
    public func typeName(element: ROOTDataType) -> String {
        switch self {
        case .scalar: return element.cName
        case .fixedArray(let n): return "\(element.cName)[\(n)]"
        case .counted(let counter): return "\(element.cName)[\(counter)]"
        case .vector: return "vector<\(element.cName)>"
        }
    }
}
