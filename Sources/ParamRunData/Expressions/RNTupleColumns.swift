import ROOTIO

/// An RNTuple's leaf fields as expression columns: fields with one value per entry, and members of a
/// collection or fixed-size array as lists (a `bool` element as a condition). Members of one collection
/// (`Jet.pt`, `Jet.eta` in the records of `Jet`) belong to it and combine.
package final class RNTupleColumns: ColumnProvider {
    let ntuple: RNTuple
    /// The number of entries.
    package var eventCount: Int { ntuple.entries }
    /// Every field name, readable or not, so a near miss is suggested either way.
    package var columnNames: [String] { ntuple.fields.map(\.name) }

    /// The columns of `ntuple`.
    package init(ntuple: RNTuple) { self.ntuple = ntuple }

    /// Throws unless a column of Doubles over the RNTuple's entries fits ``ROOTLimits/maxColumnBytes``.
    package func checkSize() throws {
        let bytes = ntuple.entries.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        guard !bytes.overflow, bytes.partialValue <= ROOTLimits.maxColumnBytes else {
            throw ROOTTreeColumns.UnreadableBranch(
                description: "RNTuple '\(ntuple.path)' claims \(ntuple.entries) entries, beyond the column limit of "
                    + "\(ROOTLimits.maxColumnBytes) bytes")
        }
    }

    /// The field's kind; throws the reason ROOTIO gives for a field it cannot read.
    package func kind(of name: String) throws -> ColumnKind? {
        guard let info = ntuple.fields.first(where: { $0.name == name }) else { return nil }
        if let reason = info.unsupportedReason {
            throw ROOTTreeColumns.UnreadableBranch(description: "its type \(info.typeName) cannot be read: \(reason)")
        }
        return ColumnKind(collection: info.collection, isBoolean: info.elementType == .bool)
    }

    /// The field widened to Double (a bool as 1 or 0).
    package func column(named name: String) throws -> EventColumn {
        if ntuple.fields.first(where: { $0.name == name })?.isJagged == true {
            let list = try ntuple.readJagged(field: name)
            return .jagged(JaggedColumn(offsets: list.offsets, values: list.valuesAsDouble))
        }
        return .scalar(try ntuple.readAsDouble(field: name))
    }
}
