extension RNTuple {
    /// The readable columns of `schema`: every leaf field reached from the top-level ones, through records
    /// and at most one collection or fixed-size array; anything else is listed once with its reason.
    static func layout(_ schema: RNTupleSchema, file: String, name: String) throws -> [RNTupleFieldInfo] {
        var children = Array(repeating: [Int](), count: schema.fields.count)
        var top: [Int] = []
        for (id, field) in schema.fields.enumerated() {
            guard field.parent < schema.fields.count else {
                throw ROOTError(
                    .corrupt, file: file, tree: name, branch: field.name,
                    "field \(id) has parent \(field.parent), which does not exist")
            }
            if field.parent == id { top.append(id) } else { children[field.parent].append(id) }
        }
        var out: [RNTupleFieldInfo] = []
        var walker = Walker(schema: schema, children: children)
        for id in top { walker.visit(id, name: schema.fields[id].name, plan: nil, depth: 0, into: &out) }
        return out
    }

    /// Maps a normalised C++ type name to the column type it is read as.
    static func elementType(of typeName: String) -> ROOTDataType? {
        switch typeName {
        case "bool": return .bool
        case "char", "std::int8_t": return .int8
        case "std::byte", "std::uint8_t": return .uint8
        case "std::int16_t": return .int16
        case "std::uint16_t": return .uint16
        case "std::int32_t": return .int32
        case "std::uint32_t", "ROOT::RNTupleCardinality<std::uint32_t>": return .uint32
        case "std::int64_t": return .int64
        case "std::uint64_t", "ROOT::RNTupleCardinality<std::uint64_t>": return .uint64
        case "float": return .float
        case "double": return .double
        default: return nil
        }
    }

    private struct Walker {
        let schema: RNTupleSchema
        let children: [[Int]]
        /// Guards against a parent loop in a corrupt schema (a field listed under its own descendant).
        var visited = Set<Int>()

        mutating func visit(
            _ id: Int, name: String, plan: RNTupleFieldInfo.Plan?, depth: Int, into out: inout [RNTupleFieldInfo]
        ) {
            guard visited.insert(id).inserted else { return }
            let field = schema.fields[id]
            func refuse(_ reason: String) {
                out.append(
                    RNTupleFieldInfo(
                        name: name, typeName: field.typeName, elementType: nil, collection: nil,
                        unsupportedReason: reason, plan: nil))
            }
            func collectionName() -> String? {
                guard let c = plan?.collectionField else { return nil }
                return collectionNames[c]
            }
            let isList = field.role == 1 || (field.role == 0 && field.flags & 1 != 0)
            if isList {
                guard plan?.collectionField == nil else {
                    return refuse("a collection inside a collection (\(field.typeName)) is not read")
                }
                // A projected collection (NanoAOD's `Jet_pt`, aliasing `_collection0`'s index column) belongs to
                // the collection whose index column it reads, so its members combine with that one's.
                let owner = schema.fieldColumns[id].first.map { schema.columns[$0].field } ?? id
                collectionNames[id] = collectionNames[owner] ?? name
                let inner = RNTupleFieldInfo.Plan(leaf: id, collectionField: id, fixedSize: field.arraySize)
                for child in children[id] {
                    let childName = schema.fields[child].name == "_0" ? name : name + "." + schema.fields[child].name
                    visit(child, name: childName, plan: inner, depth: depth + 1, into: &out)
                }
                return
            }
            switch field.role {
            case 2:
                for child in children[id] {
                    visit(child, name: name + "." + schema.fields[child].name, plan: plan, depth: depth + 1, into: &out)
                }
            case 0:
                guard let type = RNTuple.elementType(of: field.typeName) else {
                    return refuse("field type \(field.typeName) is not read (basic types and collections of them are)")
                }
                if let bad = schema.fieldColumns[id].first(where: {
                    RNTupleColumnType(schema.columns[$0]) == nil
                }) {
                    let column = schema.columns[bad]
                    return refuse(
                        "column type \(RNTupleColumnType.name(code: column.type)) of \(column.bits) bits is not read")
                }
                var p = plan ?? RNTupleFieldInfo.Plan(leaf: id)
                p = RNTupleFieldInfo.Plan(
                    leaf: id, collectionField: p.collectionField, fixedSize: p.fixedSize,
                    isCardinality: field.typeName.hasPrefix("ROOT::RNTupleCardinality<"))
                guard !(p.isCardinality && p.collectionField != nil) else {
                    return refuse("a cardinality inside a collection is not read")
                }
                out.append(
                    RNTupleFieldInfo(
                        name: name, typeName: field.typeName, elementType: type, collection: collectionName(),
                        unsupportedReason: nil, plan: p))
            case 3: refuse("variant fields (\(field.typeName)) are not read")
            case 4: refuse("fields streamed by ROOT's streamer (\(field.typeName)) are not read")
            default: refuse("field role \(field.role) is unknown")
            }
        }

        var collectionNames: [Int: String] = [:]
    }
}
