/// One column an RNTuple offers: a leaf field of a basic type, named by its path (`Jet.pt` for the
/// `pt` member of the records in collection `Jet`, `v` for a `std::vector<float>` field `v`).
public struct RNTupleFieldInfo: Sendable, Equatable {
    /// The column's name: field names joined by `.`, the `_0` item field of a collection or array left out.
    public let name: String
    /// The C++ type the field was written as (`float`, `std::vector<std::int32_t>`, …).
    public let typeName: String
    /// The element type of its values, nil when the field cannot be read.
    public let elementType: ROOTDataType?
    /// The collection (a `std::vector`, RVec, `std::array` or untyped collection field) whose entries
    /// hold a list of these values; nil for one value per entry. Columns of one collection share offsets.
    public let collection: String?
    /// Why the field cannot be read; nil when it can.
    public let unsupportedReason: String?

    /// Whether each entry holds a list of values (read with ``RNTuple/readJagged(field:)``).
    public var isJagged: Bool { collection != nil }
    /// Whether the field can be read.
    public var isSupported: Bool { unsupportedReason == nil }

    /// Where the values come from: the leaf field, its collection field (or fixed size), and how to read it.
    struct Plan: Sendable, Equatable {
        let leaf: Int
        var collectionField: Int?
        var fixedSize: Int?
        var isCardinality = false
    }

    let plan: Plan?
}
