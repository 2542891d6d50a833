import Foundation
import ROOTIO

// root-dump FILE.root                 lists trees and branches
// root-dump FILE.root TREE BRANCH     prints the branch, one value per line
// root-dump --time FILE.root TREE     reads every flat branch, prints the best of 3 wall times in seconds
let args = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("root-dump: \(message)\n".utf8))
    exit(1)
}
do {
    if args.count == 4, args[1] == "--time" {
        var best = Double.infinity
        var values = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            let tree = try ROOTFile(path: args[2]).tree(at: args[3])
            values = 0
            for b in tree.branches where b.isSupported { values += try tree.read(branch: b.name).count }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print("\(best)\t\(values) values")
    } else if args.count == 2 {
        let file = try ROOTFile(path: args[1])
        for tree in try file.trees() {
            print("\(tree.path)\t\(tree.entries) entries")
            for b in tree.branches {
                print("  \(b.name)\t\(b.typeName)\t\(b.compression)\t\(b.basketCount) baskets\t\(b.unsupportedReason.map { "unsupported: \($0)" } ?? "ok")")
            }
        }
    } else if args.count == 4 {
        let column = try ROOTFile(path: args[1]).tree(at: args[2]).read(branch: args[3])
        var out = ""
        out.reserveCapacity(column.count * 12)
        for i in 0..<column.count {
            out += column.formattedValue(at: i)
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    } else {
        fail("usage: root-dump FILE.root [TREE BRANCH]")
    }
} catch {
    fail("\(error)")
}
