import ArgumentParser
import Foundation
import ParamRunData
import ParamRunSupport
import ROOTIO

/// `paramrun convert FILE.root --tree PATH -o OUT.csv`: one tree's flat branches as CSV.
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
            """
    )

    @Argument(help: "A ROOT file.")
    var file: String

    @Option(help: "The tree's path inside the file, e.g. signal/mx700 (see `paramrun inspect`).")
    var tree: String

    @Option(help: "Comma-separated branch names (default: every flat branch of a basic type).")
    var branches: String?

    @Option(name: .shortAndLong, help: "The CSV file to write; .gz compresses it.")
    var output: String

    func run() throws {
        let names = branches.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        do {
            // Before any work: never over the file being read, nor over a link, a device or a FIFO.
            try AtomicFile.checkDestination(URL(fileURLWithPath: output), inputs: [URL(fileURLWithPath: file)])
            let opened = try ROOTFile(path: file).tree(at: tree)
            let (columns, skipped) = try ROOTCSVWriter.columns(of: opened, file: file, named: names)
            for branch in skipped {
                FileHandle.standardError.write(
                    Data(
                        ("skipped branch '\(branch.name)' (\(branch.typeName)): "
                            + "\(branch.unsupportedReason ?? "unsupported")\n").utf8))
            }
            guard !columns.isEmpty else {
                throw ROOTError(
                    .unsupported, file: file, tree: tree, "no branch of this tree is flat and of a basic type")
            }
            let rows = try ROOTCSVWriter.write(opened, columns: columns, to: output)
            print("wrote \(rows) entries × \(columns.count) branches to \(output)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
