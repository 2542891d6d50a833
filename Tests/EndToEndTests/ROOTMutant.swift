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
    struct Outcome {
        /// The exit status, or the signal's number when `signaled`; 124 when it ran out of time.
        let status: Int32
        let signaled: Bool
        let stderr: String
        /// Exit 0, or a clean error exit (1 or 2): no signal, no timeout.
        var isClean: Bool { !signaled && (0...2).contains(status) }
        var summary: String { (signaled ? "signal \(status)" : "exit \(status)") + ": " + stderr.suffix(300) }
    }

    /// Runs paramrun with `arguments` through /bin/sh with `ulimit -v` of `memoryMiB` and `timeout`.
    static func paramrun(_ arguments: [String], memoryMiB: Int = 1024, seconds: Int = 10) throws -> Outcome {
        let scratch = try TemporaryDirectory.make("limited")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // timeout re-raises the signal that ended paramrun, so a crash shows as this process's signal.
        let script = "ulimit -v \(memoryMiB * 1024); exec timeout -k 2 \(seconds) \"$@\""
        process.arguments = ["-c", script, "sh", Binary.url.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try err.close()
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Outcome(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal, stderr: stderr)
    }
}
