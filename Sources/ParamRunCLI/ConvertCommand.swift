import ArgumentParser
import Foundation
import ParamRunData
import ParamRunSupport
import ROOTIO

/// `paramrun convert FILE.root --tree PATH [--select EXPR] [--column NAME=EXPR]… -o OUT.csv`: one
/// tree's flat branches, and columns computed by expressions, as CSV.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a ROOT tree's branches as CSV.",
        discussion: """
            The first line names the branches; then one line per entry. Integers are written exactly, \
            bools as 0/1 and floats in their shortest round-trip form, so parsing the CSV gives the \
            same bits back (a float branch as float32). Without --branches every branch paramrun can \
            read is written and the others are named on standard error; naming one it cannot read is \
            an error. An output ending in .gz is gzip-compressed.

            --select keeps the entries where an expression holds; each --column NAME=EXPR adds a \
            column computed by an expression, after the branches (with --column and no --branches, \
            only the computed columns are written). A computed value that is missing or infinite is \
            an empty field. Expressions are described in docs/EXPRESSIONS.md, e.g. \
            --select 'nJet >= 2' --column 'ht=sum(Jet_pt[abs(Jet_eta) < 2.4])'.
            """
    )

    @Argument(help: "A ROOT file.")
    var file: String

    @Option(help: "The tree's path inside the file, e.g. signal/mx700 (see `paramrun inspect`).")
    var tree: String

    @Option(help: "Comma-separated branch names (default: every flat branch of a basic type).")
    var branches: String?

    @Option(help: "Keep only the entries where this expression holds, e.g. 'MET_pt > 20 && nJet >= 2'.")
    var select: String?

    @Option(name: .customLong("column"), help: "A computed column NAME=EXPR, e.g. 'j0pt=Jet_pt[0] ?? 0'; repeatable.")
    var columns: [String] = []

    @Option(name: .shortAndLong, help: "The CSV file to write; .gz compresses it.")
    var output: String

    func run() throws {
        let names = branches.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var computed: [(name: String, expression: String)] = []
        for text in columns {
            guard let named = ROOTCSVWriter.namedExpression(text) else {
                fail("--column \(text): write NAME=EXPRESSION, with a name free of commas and quotes")
            }
            guard !computed.contains(where: { $0.name == named.name }), !(names ?? []).contains(named.name) else {
                fail("--column \(text): the column '\(named.name)' is named twice")
            }
            computed.append(named)
        }
        do {
            // Before any work: never over the file being read, nor over a link, a device or a FIFO.
            try AtomicFile.checkDestination(URL(fileURLWithPath: output), inputs: [URL(fileURLWithPath: file)])
            let opened = try ROOTFile(path: file).tree(at: tree)
            // With computed columns and no --branches, only the computed columns are written.
            let listed = names ?? (computed.isEmpty ? nil : [])
            let (branchColumns, skipped) = try ROOTCSVWriter.columns(of: opened, file: file, named: listed)
            for branch in skipped {
                FileHandle.standardError.write(
                    Data(
                        ("skipped branch '\(branch.name)' (\(branch.typeName)): "
                            + "\(branch.unsupportedReason ?? "unsupported")\n").utf8))
            }
            guard !branchColumns.isEmpty || !computed.isEmpty else {
                throw ROOTError(
                    .unsupported, file: file, tree: tree, "no branch of this tree is flat and of a basic type")
            }
            let rows = try ROOTCSVWriter.write(
                opened, branches: branchColumns, columns: computed, select: select, to: output)
            print("wrote \(rows) entries × \(branchColumns.count + computed.count) columns to \(output)")
        } catch let error as ROOTCSVWriter.OptionError {
            fail("\(error)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Bad input on the command line: the message, and exit status 2.
    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
