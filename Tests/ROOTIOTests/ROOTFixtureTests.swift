import Foundation
import Testing
@testable import ROOTIO

/// Reads every fixture and compares every flat branch with uproot's values (committed in Fixtures/root/expected).
struct ROOTFixtureTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/root")

    static var fixtures: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".root") }.sorted()
    }

    struct Summary: Decodable {
        let entries: Int
        let flat: [String]
        let unsupported: [String]
    }

    /// The column as the lines make_expected.py writes: integers, 0/1, or hex IEEE bit patterns.
    static func lines(_ c: ROOTColumn) -> [String] {
        func hex<T: BinaryInteger>(_ v: T, _ width: Int) -> String {
            let s = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: width - s.count) + s
        }
        switch c {
        case .float(let a): return a.map { hex($0.bitPattern, 8) }
        case .double(let a): return a.map { hex($0.bitPattern, 16) }
        default: return (0..<c.count).map { c.formattedValue(at: $0) }
        }
    }

    @Test func fixturesArePresent() {
        #expect(Self.fixtures.count == 18)
    }

    @Test(arguments: fixtures)
    func everyFlatBranchMatchesUproot(name: String) throws {
        let expected = Self.dir.appendingPathComponent("expected").appendingPathComponent(
            name.replacingOccurrences(of: ".root", with: ""))
        let summary = try JSONDecoder().decode(
            [String: Summary].self,
            from: Data(contentsOf: expected.appendingPathExtension("json")))
        let file = try ROOTFile(path: Self.dir.appendingPathComponent(name).path)
        #expect(Set(file.treeEntries.map(\.path)) == Set(summary.keys))
        for (path, s) in summary {
            let tree = try file.tree(at: path)
            #expect(tree.entries == s.entries)
            #expect(tree.branches.filter(\.isSupported).map(\.name) == s.flat, "\(name) \(path)")
            for branch in s.flat {
                let text = try String(
                    contentsOf: expected.appendingPathComponent(path.replacingOccurrences(of: "/", with: "__"))
                        .appendingPathComponent(branch + ".txt"), encoding: .utf8)
                let want = text.split(separator: "\n").map(String.init)
                let got = Self.lines(try tree.read(branch: branch))
                #expect(got == want, "\(name) \(path) \(branch)")
            }
            for branch in s.unsupported {
                do {
                    _ = try tree.read(branch: branch)
                    Issue.record("\(name) \(path) \(branch) was read but should be refused")
                } catch let e as ROOTError {
                    #expect(e.kind == .unsupported)
                    #expect(e.branch == branch && e.tree == path && e.file.hasSuffix(name))
                    #expect(e.description.contains(branch))
                }
            }
        }
    }

    @Test func refusalsNameWhatIsUnsupported() throws {
        func reason(_ file: String, _ tree: String, _ branch: String) throws -> String {
            let t = try ROOTFile(path: Self.dir.appendingPathComponent(file).path).tree(at: tree)
            return try #require(t.branches.first { $0.name == branch }?.unsupportedReason)
        }
        #expect(try reason("uproot-HZZ-zlib.root", "events", "Jet_Px").contains("jagged"))
        #expect(try reason("uproot-small-flat-tree.root", "tree", "ArrayInt32").contains("fixed-size array"))
        #expect(try reason("uproot-simple.root", "tree", "three").contains("string"))
        #expect(try reason("uproot-leaflist.root", "tree", "leaflist").contains("leaf list"))
    }

    @Test func listsCompressionAndSubdirectories() throws {
        let hzz = try ROOTFile(path: Self.dir.appendingPathComponent("uproot-HZZ-lz4.root").path).tree(at: "events")
        #expect(hzz.branches.first?.compression.description == "LZ4(4)")
        let gen = try ROOTFile(path: Self.dir.appendingPathComponent("gen-zstd.root").path)
        #expect(gen.treeEntries.map(\.path).contains("signal/mx700"))
        let t = try gen.tree(at: "signal/mx700")
        #expect(t.branches.allSatisfy { $0.basketCount == 3 })
        #expect(try t.readAsDouble(branch: "i4").count == 3000)
    }

    @Test func unknownTreeAndBranchAreNotFound() throws {
        let file = try ROOTFile(path: Self.dir.appendingPathComponent("gen-zlib.root").path)
        #expect(throws: ROOTError.self) { try file.tree(at: "signal/mx701") }
        let e = #expect(throws: ROOTError.self) { try file.tree(at: "background").read(branch: "nope") }
        #expect(e?.kind == .notFound)
    }
}
