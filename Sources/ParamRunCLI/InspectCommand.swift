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
            and `paramrun convert --tree` take. Jagged branches show their shape: `float[nJet]` (a counted \
            array), `float[3]` (fixed size), `vector<float>`; a per-entry column of one needs an expression. \
            Branches paramrun cannot read say why. `--tree T --dump B` prints branch B of tree T, one entry \
            a line (a jagged entry as `[v1,v2,…]`), values in round-trip form: a check against other readers.
            """
    )

    @Argument(help: "A ROOT file.")
    var file: String

    @Option(help: ArgumentHelp("The tree whose branch --dump prints.", visibility: .hidden))
    var tree: String?

    @Option(help: ArgumentHelp("Print this branch's values, one entry a line.", visibility: .hidden))
    var dump: String?

    func validate() throws {
        if (dump == nil) != (tree == nil) {
            throw ValidationError("--dump and --tree go together: --tree names the tree holding the branch")
        }
    }

    func run() throws {
        let text: String
        do {
            let opened = try ROOTFile(path: file)
            if let dump, let tree, opened.ntupleEntries.contains(where: { $0.path == tree }) {
                text = try Self.dump(field: dump, of: opened.rntuple(at: tree))
            } else if let dump, let tree {
                text = try Self.dump(branch: dump, of: opened.tree(at: tree))
            } else {
                text = try Self.listing(of: opened)
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One line per entry: a flat value, or a jagged entry's values in brackets.
    static func dump(branch: String, of tree: ROOTTree) throws -> String {
        var out = ""
        if tree.branches.first(where: { $0.name == branch })?.isJagged == true {
            let column = try tree.readJagged(branch: branch)
            for i in 0..<column.entries { out += column.formattedEntry(at: i) + "\n" }
        } else {
            let column = try tree.read(branch: branch)
            for i in 0..<column.count { out += column.formattedValue(at: i) + "\n" }
        }
        return out
    }

    /// The listing: one block per tree, one aligned line per branch.
    static func listing(of file: ROOTFile) throws -> String {
        var out = "\(file.path): ROOT file version \(file.version), compression \(file.compression)\n"
        if file.treeEntries.isEmpty && file.ntupleEntries.isEmpty { out += "no TTrees\n" }
        for tree in try file.trees() {
            out += "\(tree.path)\t\(tree.entries) entries\t\(tree.branches.count) branches\n"
            let rows = tree.branches.map { b in
                [
                    b.name, b.declaredType, "\(b.compression)",
                    "\(b.basketCount) basket\(b.basketCount == 1 ? "" : "s")", note(b)
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
        return out + (try ntupleListing(of: file))
    }

    /// Nothing for a flat branch; `jagged` for one read as a list per entry; else why it cannot be read.
    private static func note(_ b: ROOTBranchInfo) -> String {
        if b.isJagged { return "jagged: a per-entry column needs an expression" }
        return b.unsupportedReason.map { "unsupported: \($0)" } ?? ""
    }
}
