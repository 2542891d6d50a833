/// An RNTuple's fields and columns, from its header envelope and the footer's schema extension.
struct RNTupleSchema: Sendable {
    struct Field: Sendable {
        let parent: Int
        /// 0 leaf, 1 collection, 2 record, 3 variant, 4 streamed object.
        let role: Int
        let flags: Int
        let name: String
        let typeName: String
        /// The element count of a fixed-size array (flag 0x01).
        let arraySize: Int?
        /// The field this one projects (flag 0x02).
        let source: Int?
    }

    struct Column: Sendable {
        let type: Int
        let bits: Int
        let field: Int
        let representation: Int
        /// Elements before this column's first stored one read as zero (a column added late).
        let firstElement: Int
        /// The range of a quantized real column (flag 0x02).
        var min = 0.0, max = 0.0
    }

    var name = ""
    var fields: [Field] = []
    /// Physical columns, by column ID.
    var columns: [Column] = []
    /// Each field's columns (physical IDs, alias columns resolved), in the order they were attached.
    var fieldColumns: [[Int]] = []

    /// Parses the header envelope's payload.
    init(header c: inout RNTupleCursor) throws {
        let flags = try c.u64()
        guard flags == 0 else {
            throw ROOTError(
                .unsupported, file: c.file, offset: c.fileOffset,
                "RNTuple header sets feature flags \(hex(flags)), which this reader does not know")
        }
        name = try c.string()
        _ = try c.string() // description
        _ = try c.string() // writer
        try readSchema(&c)
    }

    /// Adds the footer's schema extension (a record frame holding the same four lists as the header).
    mutating func extend(_ c: inout RNTupleCursor) throws {
        let end = try c.record()
        if c.position < end { try readSchema(&c) }
        try c.seek(to: end)
    }

    private mutating func readSchema(_ c: inout RNTupleCursor) throws {
        let fieldList = try c.list(minItem: 8 + 12 + 4 + 16)
        for _ in 0..<fieldList.count { fields.append(try Self.field(&c)) }
        try c.seek(to: fieldList.end)
        fieldColumns += Array(repeating: [], count: fields.count - fieldColumns.count)
        let columnList = try c.list(minItem: 8 + 12)
        for _ in 0..<columnList.count {
            let end = try c.record()
            let type = try c.u16()
            let bits = try c.u16()
            let field = try c.u32()
            let flags = try c.u16()
            let representation = try c.u16()
            let first = flags & 1 != 0 ? try c.i64() : 0
            var column = Column(
                type: type, bits: bits, field: field, representation: representation, firstElement: first)
            if flags & 2 != 0 {
                column.min = Double(bitPattern: try c.u64())
                column.max = Double(bitPattern: try c.u64())
            }
            try c.seek(to: end)
            try attach(columns.count, to: field, c)
            columns.append(column)
        }
        try c.seek(to: columnList.end)
        let aliasList = try c.list(minItem: 8 + 8)
        for _ in 0..<aliasList.count {
            let end = try c.record()
            let physical = try c.u32()
            let field = try c.u32()
            try c.seek(to: end)
            guard physical < columns.count else { throw c.error("alias of column \(physical), which does not exist") }
            try attach(physical, to: field, c)
        }
        try c.seek(to: aliasList.end)
        let extra = try c.list(minItem: 8)
        try c.seek(to: extra.end)
    }

    private mutating func attach(_ column: Int, to field: Int, _ c: RNTupleCursor) throws {
        guard field < fields.count else {
            throw c.error("column \(column) belongs to field \(field), which does not exist")
        }
        fieldColumns[field].append(column)
    }

    private static func field(_ c: inout RNTupleCursor) throws -> Field {
        let end = try c.record()
        _ = try c.u32() // field version
        _ = try c.u32() // type version
        let parent = try c.u32()
        let role = try c.u16()
        let flags = try c.u16()
        let name = try c.string()
        let typeName = try c.string()
        _ = try c.string() // type alias
        _ = try c.string() // description
        let arraySize = flags & 1 != 0 ? try c.size64("array size") : nil
        let source = flags & 2 != 0 ? try c.u32() : nil
        try c.seek(to: end)
        return Field(
            parent: parent, role: role, flags: flags, name: name, typeName: typeName, arraySize: arraySize,
            source: source)
    }
}
