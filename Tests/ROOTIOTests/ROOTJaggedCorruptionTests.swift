import Foundation
import ParamRunSupport
import Testing
@testable import ROOTIO

/// Damaged jagged files: a counter that disagrees with its array, an absurd count, lying basket sizes and
/// offsets, truncation and flipped bytes must each give a ROOTError naming the file, tree and branch, never a
/// crash, a hang or an allocation beyond the file's size.
struct ROOTJaggedCorruptionTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: ROOTJaggedFixtureTests.dir.appendingPathComponent(name)))
    }

    /// Writes `data` to a scratch file and reads every jagged branch of every tree (and the flat ones).
    @discardableResult
    static func readAllJagged(_ data: [UInt8], only branch: String? = nil) -> Result<Int, ROOTError> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rootio-jagged-\(UUID().uuidString).root"
        ).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            var n = 0
            for tree in try ROOTFile(path: path).trees() {
                for b in tree.branches where branch == nil || b.name == branch {
                    if b.isJagged {
                        n += try tree.readJagged(branch: b.name).values.count
                    } else if b.isSupported {
                        n += try tree.read(branch: b.name).count
                    }
                }
            }
            return .success(n)
        } catch let e as ROOTError {
            #expect(e.file == path)
            return .failure(e)
        } catch {
            Issue.record("untyped error \(error)")
            return .success(-1)
        }
    }

    /// Where `branch`'s first basket's data starts in uncompressed `jag-none.root`, and its key.
    static func firstBasket(_ branch: String) throws -> (data: Int, key: ROOTKey) {
        let file = try ROOTFile(path: ROOTJaggedFixtureTests.dir.appendingPathComponent("jag-none.root").path)
        let layout = try #require(try file.tree(at: "events").layouts.first { $0.info.name == branch })
        let key = try ROOTKey.read(file.source, at: layout.basketSeek[0])
        return (key.seekKey + key.keylen, key)
    }

    static func setInt32(_ bytes: inout [UInt8], at i: Int, _ v: Int32) {
        for k in 0..<4 { bytes[i + k] = UInt8(truncatingIfNeeded: v >> ((3 - k) * 8)) }
    }

    static func expectCorrupt(_ r: Result<Int, ROOTError>, branch: String, saying words: String) {
        guard case .failure(let e) = r else {
            Issue.record("read without error; expected '\(words)'")
            return
        }
        #expect(e.kind == .corrupt, "\(e)")
        #expect(e.tree == "events" && e.branch == branch, "\(e)")
        #expect(e.message.contains(words), "\(e)")
    }

    @Test func aCounterThatDisagreesWithItsArrayIsNamed() throws {
        let original = try Self.bytes("jag-none.root")
        let counter = try Self.firstBasket("nJet").data
        let first = Int32(original[counter + 3]) // entry 0 holds 2 jets
        for (value, words) in [(first + 1, "its counter 'nJet' says 3"), (Int32.max, "'nJet' says 2147483647")] {
            var damaged = original
            Self.setInt32(&damaged, at: counter, value)
            Self.expectCorrupt(Self.readAllJagged(damaged, only: "Jet_pt"), branch: "Jet_pt", saying: words)
        }
        var negative = original
        Self.setInt32(&negative, at: counter, -4)
        Self.expectCorrupt(Self.readAllJagged(negative, only: "Jet_eta"), branch: "Jet_eta", saying: "'nJet' says -4")
    }

    @Test func entryOffsetsAndBasketSizesThatLieAreRefused() throws {
        let original = try Self.bytes("jag-none.root")
        let (data, key) = try Self.firstBasket("Jet_pt")
        let border = try Self.readInt32(original, at: key.seekKey + key.keylen - 19 + 14) - key.keylen
        // The offset table follows the data: a count, then each entry's start counted from the key.
        var offsets = original
        Self.setInt32(&offsets, at: data + border + 4 + 4, Int32(key.keylen + 1_000_000))
        Self.expectCorrupt(Self.readAllJagged(offsets, only: "Jet_pt"), branch: "Jet_pt", saying: "entry offsets")
        var table = original
        Self.setInt32(&table, at: data + border, Int32.max)
        Self.expectCorrupt(Self.readAllJagged(table, only: "Jet_pt"), branch: "Jet_pt", saying: "entry offsets")
        // fLast beyond the basket's object.
        var last = original
        Self.setInt32(&last, at: key.seekKey + key.keylen - 19 + 14, Int32(key.keylen + key.objlen + 8))
        Self.expectCorrupt(Self.readAllJagged(last, only: "Jet_pt"), branch: "Jet_pt", saying: "basket 0 holds")
        // fNevBuf that disagrees with the branch's basket table.
        var nev = original
        Self.setInt32(&nev, at: key.seekKey + key.keylen - 19 + 10, 7)
        Self.expectCorrupt(Self.readAllJagged(nev, only: "Jet_pt"), branch: "Jet_pt", saying: "basket 0 holds 7")
    }

    static func readInt32(_ b: [UInt8], at i: Int) throws -> Int {
        Int(Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])))
    }

    @Test(arguments: ["jag-zlib.root", "uproot-stl_containers.root"])
    func truncationThrows(name: String) throws {
        let full = try Self.bytes(name)
        let file = try ROOTFile(path: ROOTJaggedFixtureTests.dir.appendingPathComponent(name).path)
        let needed = file.treeEntries.map { $0.key.seekKey + $0.key.nbytes }.max() ?? full.count
        for cut in stride(from: 0, to: needed, by: max(1, needed / 200)) {
            if case .success = Self.readAllJagged(Array(full[..<cut])) {
                Issue.record("\(name) cut at \(cut) of \(full.count) bytes read without error")
            }
        }
    }

    @Test(arguments: ["jag-zstd.root", "jag-lz4.root", "uproot-small-dy-withoffsets.root", "uproot-stl_containers.root"]
    )
    func flippedBytesNeverCrash(name: String) throws {
        let full = try Self.bytes(name)
        var rng = SeededGenerator(seed: 24)
        var refused = 0
        for _ in 0..<120 {
            var damaged = full
            for _ in 0..<3 {
                let at = Int(rng.next() % UInt64(damaged.count))
                damaged[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            if case .failure = Self.readAllJagged(damaged) { refused += 1 }
        }
        #expect(refused > 0)
    }

    @Test func flippedNanoAODBytesNeverCrash() throws {
        let full = try Self.bytes("nanoAOD_2015_CMS_Open_Data_ttbar.root")
        var rng = SeededGenerator(seed: 2015)
        for _ in 0..<30 {
            var damaged = full
            let at = Int(rng.next() % UInt64(damaged.count))
            damaged[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            Self.readAllJagged(damaged, only: "Jet_pt")
        }
    }
}
