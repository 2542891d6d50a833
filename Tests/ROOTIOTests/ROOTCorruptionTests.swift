import Foundation
import Testing
@testable import ROOTIO
import ParamRunSupport

/// Damaged files must give a thrown ROOTError, never a crash or a hang.
struct ROOTCorruptionTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: ROOTFixtureTests.dir.appendingPathComponent(name)))
    }

    /// Opens and reads every supported branch of every tree; returns whether all of it succeeded.
    @discardableResult
    static func readAll(_ data: [UInt8]) -> Result<Int, ROOTError> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rootio-corrupt-\(UUID().uuidString).root"
        ).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            var n = 0
            for tree in try ROOTFile(path: path).trees() {
                for b in tree.branches where b.isSupported { n += try tree.read(branch: b.name).count }
            }
            return .success(n)
        } catch let e as ROOTError {
            return .failure(e)
        } catch {
            Issue.record("untyped error \(error)")
            return .success(-1)
        }
    }

    @Test(arguments: ["gen-lz4.root", "uproot-sample-6.20.04-zlib.root", "uproot-simple.root"])
    func truncationThrows(name: String) throws {
        let full = try Self.bytes(name)
        let file = try ROOTFile(path: ROOTFixtureTests.dir.appendingPathComponent(name).path)
        // Every tree record must be whole; past the last one, what is cut may be streamer info nobody needs.
        let needed = file.treeEntries.map { $0.key.seekKey + $0.key.nbytes }.max() ?? full.count
        var cuts = Array(stride(from: 0, to: min(needed, 600), by: 7))
        cuts += stride(from: 600, to: needed, by: max(1, needed / 150))
        for cut in cuts {
            if case .success = Self.readAll(Array(full[..<cut])) {
                Issue.record("\(name) cut at \(cut) of \(full.count) bytes read without error")
            }
        }
        // Cuts beyond: an error or the full data, never a crash.
        for cut in stride(from: needed, to: full.count, by: max(1, (full.count - needed) / 50)) {
            Self.readAll(Array(full[..<cut]))
        }
    }

    @Test(arguments: ["gen-zstd.root", "gen-lzma.root", "uproot-HZZ-lz4.root", "uproot-sample-5.30.00-zlib.root"])
    func flippedBytesNeverCrash(name: String) throws {
        let full = try Self.bytes(name)
        var rng = SeededGenerator(seed: 16)
        for _ in 0..<150 {
            var damaged = full
            for _ in 0..<3 {
                let at = Int(rng.next() % UInt64(damaged.count))
                damaged[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            Self.readAll(damaged) // success (a flipped data byte) or a ROOTError; a crash fails the run
        }
    }

    @Test func lz4ChecksumIsChecked() throws {
        let name = "uproot-HZZ-lz4.root"
        let file = try ROOTFile(path: ROOTFixtureTests.dir.appendingPathComponent(name).path)
        let tree = try file.tree(at: "events")
        // A branch whose first basket was worth compressing (random floats often are stored raw).
        var found: (String, ROOTKey)? = nil
        for layout in tree.layouts where layout.info.isSupported {
            let key = try ROOTKey.read(file.source, at: layout.basketSeek[0])
            if key.nbytes - key.keylen < key.objlen { found = (layout.info.name, key); break }
        }
        let (branch, key) = try #require(found)
        var damaged = try Self.bytes(name)
        // Inside the compressed payload, after the 9-byte block header and the 8-byte checksum.
        damaged[key.seekKey + key.keylen + 9 + 8 + 20] ^= 0x40
        guard case .failure(let e) = Self.readAll(damaged) else {
            Issue.record("damaged LZ4 block was accepted")
            return
        }
        #expect(e.kind == .decompression)
        #expect(e.message.contains("checksum"))
        #expect(e.branch == branch)
    }

    @Test func largeFileSeekPointersAreSixtyFourBit() throws {
        // A key in the large-file form (version > 1000): fSeekKey and fSeekPdir are 8 bytes.
        var b: [UInt8] = []
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.bigEndian) { b += $0 } }
        put(Int32(100)); put(Int16(1004)); put(Int32(60)); put(UInt32(0)); put(Int16(50)); put(Int16(1))
        put(Int64(5_000_000_000)); put(Int64(4_000_000_000))
        for s in ["TTree", "t", ""] { b.append(UInt8(s.utf8.count)); b += s.utf8 }
        var c = ByteCursor(b, fileOffset: 0, file: "synthetic")
        let key = try ROOTKey(from: &c, position: 0)
        #expect(key.seekKey == 5_000_000_000)
        #expect(key.className == "TTree" && key.name == "t")
        #expect(c.remaining == 0)
    }

    @Test func notARootFile() throws {
        guard case .failure(let e) = Self.readAll(Array("hello, not root".utf8)) else {
            Issue.record("accepted a text file")
            return
        }
        #expect(e.kind == .corrupt)
    }
}
