import ROOTIO

/// A TTree's branches as expression columns: flat branches of a basic type, one value per event,
/// and jagged ones as lists (a `bool` element as a condition). A counted array (`Jet_pt[nJet]`)
/// belongs to its counter's collection, so `Jet_pt` and `Jet_eta` combine; a `std::vector` or a
/// fixed-size array is a collection of its own.
package final class ROOTTreeColumns: ColumnProvider {
    let tree: ROOTTree
    /// The number of entries.
    package var eventCount: Int { tree.entries }
    /// Every branch name, readable or not, so a near miss is suggested either way.
    package var columnNames: [String] { tree.branches.map(\.name) }

    /// The columns of `tree`.
    package init(tree: ROOTTree) { self.tree = tree }

    /// Throws unless a column of Doubles over the tree's entries fits ``ROOTLimits/maxColumnBytes``:
    /// checked before evaluating, which allocates its results at the tree's size even when no branch
    /// (whose reading checks it against the file) is read.
    package func checkSize() throws {
        let bytes = tree.entries.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        guard !bytes.overflow, bytes.partialValue <= ROOTLimits.maxColumnBytes else {
            throw UnreadableBranch(
                description: "tree '\(tree.path)' claims \(tree.entries) entries, beyond the column limit of "
                    + "\(ROOTLimits.maxColumnBytes) bytes")
        }
    }

    /// The branch's kind; throws the reason ROOTIO gives for a branch it cannot read.
    package func kind(of name: String) throws -> ColumnKind? {
        guard let info = tree.branches.first(where: { $0.name == name }) else { return nil }
        if info.isJagged, let shape = info.shape {
            let collection: String
            if case .counted(let counter) = shape { collection = counter } else { collection = name }
            return ColumnKind(collection: collection, isBoolean: info.elementType == .bool)
        }
        if let reason = info.unsupportedReason {
            throw UnreadableBranch(description: "its type \(info.typeName) cannot be read: \(reason)")
        }
        return info.type == .bool ? .flag : .number
    }

    /// The branch widened to Double (a bool as 1 or 0), after ROOTIO's checks of its size.
    package func column(named name: String) throws -> EventColumn {
        if tree.branches.first(where: { $0.name == name })?.isJagged == true {
            let list = try tree.readJagged(branch: name)
            return .jagged(JaggedColumn(offsets: list.offsets, values: list.valuesAsDouble))
        }
        try tree.check(branch: name)
        return .scalar(try tree.readAsDouble(branch: name))
    }

    struct UnreadableBranch: Error, CustomStringConvertible {
        let description: String
    }
}
