import Dispatch
import Foundation

/// A TTree opened from a ROOT file: its branches, and the values of its flat ones.
public struct ROOTTree: Sendable {
    /// Path of the tree inside the file, e.g. `signal/mx700`.
    public let path: String
    /// Number of entries (events).
    public let entries: Int
    /// Top-level branches in file order.
    public var branches: [ROOTBranchInfo] { layouts.map(\.info) }

    let layouts: [BranchLayout]
    let source: ROOTFileReader

    init(path: String, layout: TreeLayout, source: ROOTFileReader) {
        self.path = path
        self.entries = layout.entries
        self.layouts = layout.branches
        self.source = source
    }

    /// Reads every value of a flat branch, in its own type, after ``check(branch:)``'s checks.
    /// Throws `.notFound` for an unknown name, `.unsupported` (naming file, tree, branch and reason) for a branch
    /// this reader cannot decode, and `.corrupt` for one whose entries differ from the tree's or exceed
    /// ``ROOTLimits``.
    public func read(branch name: String) throws -> ROOTColumn {
        guard let layout = layouts.first(where: { $0.info.name == name }) else {
            throw ROOTError(
                .notFound, file: source.path, tree: path, branch: name,
                "no such branch; the tree has: \(layouts.map(\.info.name).joined(separator: ", "))")
        }
        guard let type = layout.info.type else {
            throw ROOTError(
                .unsupported, file: source.path, tree: path, branch: name,
                layout.info.unsupportedReason ?? "not a flat branch")
        }
        do {
            try Self.check(layout, type: type, treeEntries: entries, source: source)
            return try BasketReader(layout: layout, type: type, source: source).column()
        } catch let e as ROOTError {
            throw e.with(tree: path, branch: name)
        }
    }

    /// Reads a flat branch widened to Double.
    public func readAsDouble(branch name: String) throws -> [Double] {
        try read(branch: name).asDoubles
    }
}
