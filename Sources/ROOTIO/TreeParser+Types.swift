/// What a branch's leaves or streamed class say about its values: the element type and shape this reader
/// decodes, or why it does not.
extension TreeParser {
    struct Description {
        var typeName: String
        var element: ROOTDataType? = nil
        var shape: ROOTBranchShape? = nil
        var reason: String? = nil
    }

    /// The reason a jagged branch gives where a flat column is asked for: ROOTIO reads it
    /// (`readJagged`), but one value per entry has to be computed from it.
    static func jaggedReason(_ what: String, _ declared: String) -> String {
        "\(what) (\(declared)) holds a list per entry; a per-entry column of it needs an expression "
            + "(--column NAME=EXPR)"
    }

    /// Maps a branch's leaves to a flat type or a jagged array of one, or says why neither.
    static func describe(leaves: [Leaf]) -> Description {
        guard leaves.count == 1, let leaf = leaves.first else {
            if leaves.isEmpty { return Description(typeName: "(no leaves)", reason: "has no leaves") }
            let parts = leaves.map { "\(baseName($0)) \($0.name)" }.joined(separator: "; ")
            return Description(
                typeName: "struct {\(parts);}", reason: "a leaf list (struct {\(parts);}) is not a single flat value")
        }
        let base = baseName(leaf)
        if leaf.className == "TLeafC" { return Description(typeName: "char*", reason: "string (char*)") }
        guard let type = basicType(leaf) else {
            let name = leaf.hasCounter ? "\(base)[]" : leaf.length > 1 ? "\(base)[\(leaf.length)]" : base
            return Description(typeName: name, reason: "leaf class \(leaf.className) is not a basic type")
        }
        if leaf.hasCounter {
            let name = "\(base)[]"
            guard let counter = leaf.counter else {
                return Description(typeName: name, reason: "jagged array (\(name)) whose counter leaf has no name")
            }
            guard leaf.length == 1 else {
                return Description(
                    typeName: name, reason: "jagged array of \(leaf.length)-value rows (\(base)[\(counter)][…])")
            }
            return Description(
                typeName: name, element: type, shape: .counted(counter: counter),
                reason: jaggedReason("jagged array", "\(base)[\(counter)], length from the counter branch"))
        }
        if leaf.length > 1 {
            let name = "\(base)[\(leaf.length)]"
            return Description(
                typeName: name, element: type, shape: .fixedArray(count: leaf.length),
                reason: jaggedReason("fixed-size array", name))
        }
        guard leaf.length == 1 else {
            return Description(typeName: base, reason: "leaf of length \(leaf.length)")
        }
        return Description(typeName: type.cName, element: type, shape: .scalar)
    }

    /// Maps a TBranchElement's streamed class (`vector<float>`) to a vector of a basic type, or says why not.
    static func describe(elementClass cls: String) -> Description {
        let name = cls.replacingOccurrences(of: "std::", with: "").replacingOccurrences(of: " ", with: "")
        if name.hasPrefix("vector<"), name.hasSuffix(">") {
            let inner = String(name.dropFirst("vector<".count).dropLast())
            if let type = basicType(named: inner) {
                let declared = "vector<\(type.cName)>"
                return Description(
                    typeName: declared, element: type, shape: .vector,
                    reason: jaggedReason("std::vector", declared))
            }
            if inner.hasPrefix("vector<") {
                return Description(typeName: cls, reason: "nested vector (\(cls)) is not supported")
            }
            if inner == "string" || inner == "TString" {
                return Description(typeName: cls, reason: "vector of strings (\(cls)) is not supported")
            }
            return Description(typeName: cls, reason: "vector of objects (\(cls)) is not supported")
        }
        if name == "string" || name == "TString" {
            return Description(typeName: cls, reason: "string (\(cls)) is not supported")
        }
        return Description(typeName: cls, reason: "object of class \(cls) (TBranchElement) is not supported")
    }

    /// The C++ spellings ROOT writes for a vector's element type.
    static func basicType(named name: String) -> ROOTDataType? {
        switch name {
        case "bool", "Bool_t": return .bool
        case "char", "int8_t", "Char_t", "signedchar": return .int8
        case "unsignedchar", "uint8_t", "UChar_t": return .uint8
        case "short", "int16_t", "Short_t": return .int16
        case "unsignedshort", "uint16_t", "UShort_t": return .uint16
        case "int", "int32_t", "Int_t": return .int32
        case "unsignedint", "unsigned", "uint32_t", "UInt_t": return .uint32
        case "long", "longlong", "int64_t", "Long64_t", "Long_t": return .int64
        case "unsignedlong", "unsignedlonglong", "uint64_t", "ULong64_t", "ULong_t": return .uint64
        case "float", "Float_t": return .float
        case "double", "Double_t": return .double
        default: return nil
        }
    }

    static func basicType(_ leaf: Leaf) -> ROOTDataType? {
        let u = leaf.isUnsigned
        switch leaf.className {
        case "TLeafO": return .bool
        case "TLeafB": return u ? .uint8 : .int8
        case "TLeafS": return u ? .uint16 : .int16
        case "TLeafI": return u ? .uint32 : .int32
        case "TLeafL", "TLeafG": return u ? .uint64 : .int64
        case "TLeafF": return .float
        case "TLeafD": return .double
        default: return nil
        }
    }

    static func baseName(_ leaf: Leaf) -> String {
        if leaf.className == "TLeafC" { return "char*" }
        return basicType(leaf)?.cName ?? leaf.className
    }
}
