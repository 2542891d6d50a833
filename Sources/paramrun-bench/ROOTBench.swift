import Dispatch
import Foundation
import ROOTIO

/// Reading every flat branch of one tree into typed arrays, best of 3 wall times:
/// bench/root_read.py runs this beside uproot's `arrays(library="np")` on the same file.
enum ROOTBench {
    static func run(_ args: [String]) {
        guard args.count == 2 else {
            FileHandle.standardError.write(Data("usage: paramrun-bench root FILE.root TREE\n".utf8))
            exit(2)
        }
        do {
            var best = Double.infinity
            var values = 0
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                let tree = try ROOTFile(path: args[0]).tree(at: args[1])
                values = 0
                for b in tree.branches where b.isSupported { values += try tree.read(branch: b.name).count }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            print("\(best)\t\(values) values")
        } catch {
            FileHandle.standardError.write(Data("paramrun-bench root: \(error)\n".utf8))
            exit(1)
        }
    }
}
