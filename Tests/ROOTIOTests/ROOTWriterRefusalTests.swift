import Foundation
import Testing
@testable import ROOTIO

/// Input ROOT cannot hold, or that disagrees with itself, is refused with a typed error naming the tree and
/// branch, and nothing is returned.
struct ROOTWriterRefusalTests {
    static func refusal(_ trees: [ROOTWriteTree], _ writer: ROOTWriter = ROOTWriter()) -> ROOTWriteError? {
        do {
            _ = try writer.data(trees, fileName: "bad.root")
            return nil
        } catch {
            return error
        }
    }

    static let column = ROOTColumn.float([1, 2, 3])

    @Test(arguments: ["", "Jet pt", "a/b", "1x", "x[2]", "pt-eta", "é", String(repeating: "a", count: 256)])
    func branchNamesROOTCannotHoldAreRefused(name: String) throws {
        let e = try #require(Self.refusal([ROOTWriteTree(name: "t", branches: [.flat(name, Self.column)])]))
        #expect(e.kind == .invalidName)
        #expect(e.tree == "t" && e.branch == name)
    }

    @Test(arguments: ["", "dir/tree", "2tree", "tree;1"])
    func treeNamesROOTCannotHoldAreRefused(name: String) throws {
        let e = try #require(Self.refusal([ROOTWriteTree(name: name, branches: [.flat("x", Self.column)])]))
        #expect(e.kind == .invalidName)
        #expect(e.tree == name)
    }

    @Test func repeatedNamesAreRefused() throws {
        let twice = ROOTWriteTree(name: "t", branches: [.flat("x", Self.column), .flat("x", Self.column)])
        #expect(Self.refusal([twice])?.kind == .invalidName)
        let tree = ROOTWriteTree(name: "t", branches: [.flat("x", Self.column)])
        #expect(Self.refusal([tree, tree])?.kind == .invalidName)
    }

    @Test func branchesOfDifferentLengthsAreRefused() throws {
        let tree = ROOTWriteTree(name: "t", branches: [.flat("x", Self.column), .flat("y", .int32([1, 2]))])
        let e = try #require(Self.refusal([tree]))
        #expect(e.kind == .inconsistent && e.branch == "y")
        #expect(e.description.contains("2 entries"))
        #expect(Self.refusal([ROOTWriteTree(name: "t", branches: [])])?.kind == .inconsistent)
    }

    static func jets(counter: ROOTWriteBranch, offsets: [Int] = [0, 2, 2, 3]) -> ROOTWriteTree {
        ROOTWriteTree(
            name: "Events",
            branches: [
                counter,
                .counted("Jet_pt", counter: "nJet", ROOTJaggedColumn(offsets: offsets, values: Self.column))
            ])
    }

    @Test func countersThatDisagreeWithTheirCollectionAreRefused() throws {
        let wrong = try #require(Self.refusal([Self.jets(counter: .flat("nJet", .int32([2, 1, 0])))]))
        #expect(wrong.kind == .inconsistent && wrong.branch == "Jet_pt")
        #expect(wrong.description.contains("entry 1 holds 0 values, counter 'nJet' says 1"))
        // A counter must be an int32 branch, flat, and come first.
        #expect(Self.refusal([Self.jets(counter: .flat("nJet", .int64([2, 0, 1])))])?.kind == .inconsistent)
        #expect(Self.refusal([Self.jets(counter: .flat("nMuon", .int32([2, 0, 1])))])?.kind == .inconsistent)
        let after = ROOTWriteTree(
            name: "Events", branches: Self.jets(counter: .flat("nJet", .int32([2, 0, 1]))).branches.reversed())
        #expect(Self.refusal([after])?.kind == .inconsistent)
        #expect(Self.refusal([Self.jets(counter: .flat("nJet", .int32([2, 0, 1])))]) == nil)
    }

    @Test func absurdSizesAreRefusedBeforeAnythingIsBuilt() throws {
        var writer = ROOTWriter(basketEntries: 1000)
        writer.recordLimit = 4096 // stands in for 1 GiB: a basket of 1000 doubles is 8000 bytes
        let big = ROOTWriteTree(name: "t", branches: [.flat("x", .double([Double](repeating: 1, count: 1000)))])
        let e = try #require(Self.refusal([big], writer))
        #expect(e.kind == .tooLarge && e.branch == "x")
        #expect(Self.refusal([big], ROOTWriter(basketEntries: 0))?.kind == .invalidSetting)
        #expect(Self.refusal([big], ROOTWriter(basketEntries: Int.max))?.kind == .invalidSetting)
        #expect(Self.refusal([big], ROOTWriter(compressionLevel: 10))?.kind == .invalidSetting)
        #expect(Self.refusal([big], ROOTWriter(compressionLevel: -1))?.kind == .invalidSetting)
    }
}
