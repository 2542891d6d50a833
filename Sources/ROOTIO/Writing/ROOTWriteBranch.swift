/// One branch to write: a flat column (one value per entry) or a NanoAOD-style counted collection
/// (`Jet_pt[nJet]`), whose per-entry lengths must equal the values of an int32 counter branch written
/// before it in the same tree.
public struct ROOTWriteBranch: Sendable, Equatable {
    /// The branch and leaf name.
    public let name: String
    /// Every value, entry after entry.
    public let values: ROOTColumn
    /// For a counted collection: the counter branch's name.
    public let counter: String?
    /// For a counted collection: where each entry starts in `values` (`entries + 1` numbers).
    public let offsets: [Int]?

    /// A flat branch: entry `i` is `values[i]`.
    public static func flat(_ name: String, _ values: ROOTColumn) -> ROOTWriteBranch {
        ROOTWriteBranch(name: name, values: values, counter: nil, offsets: nil)
    }

    /// A counted collection `name[counter]` holding `column`'s entries; `counter` names an int32 branch of
    /// the same tree whose values are the entries' lengths.
    public static func counted(_ name: String, counter: String, _ column: ROOTJaggedColumn) -> ROOTWriteBranch {
        ROOTWriteBranch(name: name, values: column.values, counter: counter, offsets: column.offsets)
    }

    /// The number of entries.
    public var entries: Int { offsets.map { $0.count - 1 } ?? values.count }

    /// The leaf title ROOT and uproot show: `pt`, or `Jet_pt[nJet]`.
    var leafTitle: String { counter.map { "\(name)[\($0)]" } ?? name }

    /// The branch title, which adds ROOT's one-letter type code: `Jet_pt[nJet]/F`.
    var branchTitle: String { leafTitle + "/" + Self.typeCode(values.type) }

    static func typeCode(_ type: ROOTDataType) -> String {
        switch type {
        case .bool: return "O"
        case .int8: return "B"
        case .uint8: return "b"
        case .int16: return "S"
        case .uint16: return "s"
        case .int32: return "I"
        case .uint32: return "i"
        case .int64: return "L"
        case .uint64: return "l"
        case .float: return "F"
        case .double: return "D"
        }
    }

    /// The TLeaf subclass that describes one value of `type`.
    static func leafClass(_ type: ROOTDataType) -> String {
        switch type {
        case .bool: return "TLeafO"
        case .int8, .uint8: return "TLeafB"
        case .int16, .uint16: return "TLeafS"
        case .int32, .uint32: return "TLeafI"
        case .int64, .uint64: return "TLeafL"
        case .float: return "TLeafF"
        case .double: return "TLeafD"
        }
    }

    static func isUnsigned(_ type: ROOTDataType) -> Bool {
        [.uint8, .uint16, .uint32, .uint64].contains(type)
    }
}
