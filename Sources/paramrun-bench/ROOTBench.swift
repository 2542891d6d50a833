import ArgumentParser
import Dispatch
import Foundation
import ROOTIO

/// Reading every flat and jagged branch of one tree into typed arrays, best of 3 wall times:
/// bench/root_read.py runs this beside uproot's `arrays(library="np")` on the same file.
struct ROOTBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "root",
        abstract: "Read every flat and jagged branch of one tree, best of 3.")

    @Argument(help: "The .root file.")
    var file: String

    @Argument(help: "The tree's path in the file.")
    var tree: String

    func run() {
        do {
            var best = Double.infinity
            var values = 0
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                let tree = try ROOTFile(path: file).tree(at: self.tree)
                values = 0
                for b in tree.branches where b.isSupported { values += try tree.read(branch: b.name).count }
                let jagged = tree.branches.filter(\.isJagged).map(\.name)
                values += try tree.readJagged(branches: jagged).reduce(0) { $0 + $1.values.count }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            print("\(best)\t\(values) values")
        } catch {
            FileHandle.standardError.write(Data("paramrun-bench root: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}
