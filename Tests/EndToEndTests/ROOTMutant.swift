import Foundation
import ParamRunTestSupport
import Testing
@testable import ROOTIO

/// A real ROOT fixture's bytes with the places of its records, for crafting damaged copies of it.
struct ROOTMutant {
    /// A basket on disk: its branch, its index in the branch, and its record.
    struct Basket {
        let branch: String
        let index: Int
        let seek: Int
        let nbytes: Int
    }

    var bytes: [UInt8]
    let fixture: String
    /// The tree the fixture's `tree` names, and where its key record lies.
    let tree: String
    /// The tree's entry count, which the tree and each branch record store as an i64.
    let entries: Int
    let treeRecord: Range<Int>
    /// Whether the tree record is stored uncompressed, so its counts can be patched in place.
    let treeIsPlain: Bool
    let baskets: [Basket]
    /// Each flat branch's basket seeks, in branch order.
    let seeks: [String: [Int]]

    init(fixture: String, tree: String) throws {
        let url = Binary.fixtures.appendingPathComponent("root").appendingPathComponent(fixture)
        bytes = [UInt8](try Data(contentsOf: url))
        self.fixture = fixture
        self.tree = tree
        let file = try ROOTFile(path: url.path)
        let entry = try #require(file.treeEntries.first { $0.path == tree })
        treeRecord = entry.key.seekKey..<(entry.key.seekKey + entry.key.nbytes)
        treeIsPlain = entry.key.nbytes - entry.key.keylen == entry.key.objlen
        let opened = try file.tree(at: tree)
        entries = opened.entries
        var baskets: [Basket] = []
        var seeks: [String: [Int]] = [:]
        for layout in opened.layouts {
            let name = layout.info.name
            seeks[name] = Array(layout.basketSeek.prefix(layout.writeBasket))
            for i in 0..<layout.writeBasket {
                baskets.append(
                    Basket(branch: name, index: i, seek: layout.basketSeek[i], nbytes: layout.basketBytes[i]))
            }
        }
        self.baskets = baskets
        self.seeks = seeks
    }

    /// Every offset in `range` where `values` stand as consecutive big-endian integers of `width` bytes.
    func offsets(of values: [Int], width: Int, in range: Range<Int>) -> [Int] {
        let pattern = values.flatMap { Self.bigEndian($0, width: width) }
        guard !pattern.isEmpty, range.count >= pattern.count else { return [] }
        return (range.lowerBound...(range.upperBound - pattern.count)).filter {
            bytes[$0..<($0 + pattern.count)].elementsEqual(pattern)
        }
    }

    mutating func set(_ value: Int, width: Int, at offset: Int) {
        bytes.replaceSubrange(offset..<(offset + width), with: Self.bigEndian(value, width: width))
    }

    static func bigEndian(_ value: Int, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) }
    }

    /// Writes the bytes to `name` in `folder` and returns the path.
    func write(_ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// `paramrun` under a virtual-memory limit and a timeout, as a hostile file must be survived.
enum LimitedRun {
    /// Runs paramrun with `arguments` under `ulimit -v` of `memoryMiB` and a timeout of `seconds`.
    static func paramrun(_ arguments: [String], memoryMiB: Int = 1024, seconds: Int = 10) throws -> Binary.Result {
        try Binary.runLimited(arguments, memoryKiB: memoryMiB * 1024, seconds: seconds)
    }
}

extension Binary.Result {
    /// Exit 0, or a clean error exit (1 or 2): no signal, no timeout (124).
    var isClean: Bool { !signaled && (0...2).contains(status) }
    var summary: String { (signaled ? "signal \(status)" : "exit \(status)") + ": " + stderr.suffix(300) }
}
