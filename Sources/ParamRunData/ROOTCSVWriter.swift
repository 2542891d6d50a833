import Foundation
import ParamRunSupport
import ROOTIO

/// Writes flat branches of a TTree as CSV (`paramrun convert`): a header of branch names, then
/// one line per entry, each value in ``ROOTColumn/formattedValue(at:)``'s round-trip form.
package enum ROOTCSVWriter {
    /// The branches to write: the named ones, each of which must exist and be flat and basic, or
    /// without names every such branch, with the others returned as skipped.
    package static func columns(of tree: ROOTTree, file: String, named names: [String]?) throws -> (
        columns: [String], skipped: [ROOTBranchInfo]
    ) {
        let branches = tree.branches
        guard let names else {
            return (branches.filter(\.isSupported).map(\.name), branches.filter { !$0.isSupported })
        }
        for name in names {
            guard let info = branches.first(where: { $0.name == name }) else {
                throw ROOTError(
                    .notFound, file: file, tree: tree.path, branch: name,
                    "no such branch" + Suggestion.didYouMean(name, in: branches.map(\.name)))
            }
            if let reason = info.unsupportedReason {
                throw ROOTError(.unsupported, file: file, tree: tree.path, branch: name, reason)
            }
        }
        return (names, [])
    }

    /// Writes `columns` of `tree` to `path` (gzip-compressed for `.gz`); returns the rows written.
    @discardableResult
    package static func write(_ tree: ROOTTree, columns: [String], to path: String) throws -> Int {
        // read(branch:) refuses a branch whose entries differ from the tree's, as the root source does.
        let values = try columns.map { try tree.read(branch: $0) }
        let rows = tree.entries
        try TextSink.writeLines(to: path, header: columns.joined(separator: ","), rows: rows) { r, buffer in
            for (c, column) in values.enumerated() {
                if c > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.append(contentsOf: column.formattedValue(at: r).utf8)
            }
        }
        return rows
    }
}
