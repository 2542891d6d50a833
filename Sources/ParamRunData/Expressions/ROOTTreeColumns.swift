import ROOTIO

/// A TTree's branches as expression columns: flat branches of a basic type, one value per event
/// (a `bool` branch as a condition). Collections join once ROOTIO yields jagged branches.
package final class ROOTTreeColumns: ColumnProvider {
    let tree: ROOTTree
    /// The number of entries.
    package var eventCount: Int { tree.entries }
    /// Every branch name, readable or not, so a near miss is suggested either way.
    package var columnNames: [String] { tree.branches.map(\.name) }

    /// The columns of `tree`.
    package init(tree: ROOTTree) { self.tree = tree }

    /// The branch's kind; throws the reason ROOTIO gives for a branch it cannot read.
    package func kind(of name: String) throws -> ColumnKind? {
        guard let info = tree.branches.first(where: { $0.name == name }) else { return nil }
        if let reason = info.unsupportedReason {
            throw UnreadableBranch(description: "its type \(info.typeName) cannot be read: \(reason)")
        }
        return info.type == .bool ? .flag : .number
    }

    /// The branch widened to Double (a bool as 1 or 0), after ROOTIO's checks of its size.
    package func column(named name: String) throws -> EventColumn {
        try tree.check(branch: name)
        return .scalar(try tree.readAsDouble(branch: name))
    }

    struct UnreadableBranch: Error, CustomStringConvertible {
        let description: String
    }
}
