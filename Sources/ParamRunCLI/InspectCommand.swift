import ArgumentParser
import Foundation
import ROOTIO

/// `paramrun inspect FILE.root`: the trees of a ROOT file, like `rootls -t`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List a ROOT file's trees with their entries, branches, types and compression.",
        discussion: """
            Each tree is named by its path inside the file (`signal/mx700`), the form a root source \
            and `paramrun convert --tree` take. Branches paramrun cannot read say why.
            """
    )

    @Argument(help: "A ROOT file.")
    var file: String

    func run() throws {
        let text: String
        do {
            text = try Self.listing(of: ROOTFile(path: file))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The listing: one block per tree, one aligned line per branch.
    static func listing(of file: ROOTFile) throws -> String {
        var out = "\(file.path): ROOT file version \(file.version), compression \(file.compression)\n"
        if file.treeEntries.isEmpty { out += "no TTrees\n" }
        for tree in try file.trees() {
            out += "\(tree.path)\t\(tree.entries) entries\t\(tree.branches.count) branches\n"
            let rows = tree.branches.map { b in
                [
                    b.name, b.typeName, "\(b.compression)", "\(b.basketCount) basket\(b.basketCount == 1 ? "" : "s")",
                    b.unsupportedReason.map { "unsupported: \($0)" } ?? ""
                ]
            }
            let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                var line = "  "
                for c in 0..<4 { line += row[c].padding(toLength: widths[c] + 2, withPad: " ", startingAt: 0) }
                line += row[4]
                while line.last == " " { line.removeLast() }
                out += line + "\n"
            }
        }
        return out
    }
}
