import Foundation
import Testing
@testable import ROOTIO

/// Damaged RNTuples give a typed ROOTError, never a crash, a hang or an allocation beyond the file's size.
/// Where a test changes bytes inside a checksummed envelope, it recomputes the checksum, so that the check
/// under test (a lying page size, an absurd count) is the one that fires.
struct RNTupleCorruptionTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: RNTupleFixtureTests.dir.appendingPathComponent(name)))
    }

    /// Opens `data` as a file and reads every readable field of its RNTuple `name`; returns the values read
    /// or the ROOTError thrown.
    static func readAll(_ data: [UInt8], _ name: String = "events") -> Result<Int, ROOTError> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rntuple-corrupt-\(UUID().uuidString).root"
        ).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            var n = 0
            let ntuple = try ROOTFile(path: path).rntuple(at: name)
            for f in ntuple.fields where f.isSupported {
                n +=
                    f.isJagged
                    ? try ntuple.readJagged(field: f.name).values.count : try ntuple.read(field: f.name).count
            }
            return .success(n)
        } catch let e as ROOTError {
            return .failure(e)
        } catch {
            Issue.record("untyped error \(error)")
            return .success(-1)
        }
    }

    static func failure(_ r: Result<Int, ROOTError>) -> ROOTError? {
        if case .failure(let e) = r { return e }
        return nil
    }

    /// The anchor of `name`'s RNTuple `events` and where its fields start in the file.
    static func anchor(_ name: String) throws -> (RNTupleAnchor, Int) {
        let file = try ROOTFile(path: RNTupleFixtureTests.dir.appendingPathComponent(name).path)
        let key = try #require(file.ntupleEntries.first).key
        let at = key.seekKey + key.keylen
        return (try RNTupleAnchor(payload: try key.payload(file.source), file: name, offset: at), at)
    }

    /// Rewrites the XXH3 at the end of the uncompressed envelope at `offset` of `length` bytes.
    static func reseal(_ data: inout [UInt8], offset: Int, length: Int) {
        let sum = RNTupleEnvelope.xxh3(data[offset..<(offset + length - 8)])
        for i in 0..<8 { data[offset + length - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * i)) }
    }

    @Test func anchorChecksumMismatchIsRefused() throws {
        var data = try Self.bytes("gen-none.root")
        #expect(Self.readAll(data) == .success(300 * 8 + 768 * 4))
        let (_, at) = try Self.anchor("gen-none.root")
        data[at + 6 + 8 + 7] ^= 0x01 // the low byte of the header's seek
        let e = Self.failure(Self.readAll(data))
        #expect(e?.kind == .decompression && e?.message.contains("anchor checksum mismatch") == true)
        #expect(e?.tree == "events")
    }

    @Test func envelopeChecksumMismatchIsRefused() throws {
        var data = try Self.bytes("gen-none.root")
        let (anchor, _) = try Self.anchor("gen-none.root")
        #expect(anchor.nbytesHeader == anchor.lenHeader) // stored uncompressed, so a byte can be flipped
        data[anchor.seekHeader + 20] ^= 0x20
        let e = Self.failure(Self.readAll(data))
        #expect(e?.kind == .decompression && e?.message.contains("header envelope checksum mismatch") == true)
    }

    @Test func pageChecksumMismatchIsRefusedWhenTheFieldIsRead() throws {
        var data = try Self.bytes("test_int_float_rntuple_v1-0-0-0.root")
        let n = try RNTupleFixtureTests.ntuple("test_int_float_rntuple_v1-0-0-0.root")
        let page = try #require(n.clusters.clusters[0].columns[0].pages?.first)
        #expect(page.hasChecksum)
        data[page.offset + page.size] ^= 0xFF
        let e = Self.failure(Self.readAll(data, "ntuple"))
        #expect(e?.kind == .decompression && e?.message.contains("page checksum mismatch") == true)
        #expect(e?.branch == "one_integers" && e?.tree == "ntuple")
    }

    /// Finds the first page of column 0 in the page list of `gen-none.root` and lets `change` edit its
    /// element count and size (the 4 + 4 bytes in front of its 8-byte offset), then reseals the envelope.
    static func lyingPage(_ change: (inout [UInt8], Int) -> Void) throws -> ROOTError? {
        var data = try Self.bytes("gen-none.root")
        let n = try RNTupleFixtureTests.ntuple("gen-none.root", "events")
        let list = n.clusters.pageLists[0]
        #expect(list.stored == list.length)
        let page = try #require(n.clusters.clusters[0].columns[0].pages?.first)
        let needle = (0..<8).map { UInt8(truncatingIfNeeded: page.offset >> (8 * $0)) }
        let envelope = Array(data[list.offset..<(list.offset + list.length)])
        let hit = try #require(
            (0...(envelope.count - 8)).first { envelope[$0..<($0 + 8)].elementsEqual(needle) })
        change(&data, list.offset + hit - 8)
        Self.reseal(&data, offset: list.offset, length: list.length)
        return Self.failure(Self.readAll(data))
    }

    @Test func pageSizesThatLieAreRefused() throws {
        let beyond = try Self.lyingPage { data, at in
            for i in 0..<4 { data[at + 4 + i] = [0xF0, 0xFF, 0xFF, 0x7F][i] } // stored size ~2 GiB
        }
        #expect(
            beyond?.kind == .corrupt && beyond?.message.contains("outside") == true, "\(String(describing: beyond))")
        let many = try Self.lyingPage { data, at in
            for i in 0..<4 { data[at + i] = [0x00, 0x00, 0x00, 0x10][i] } // 2^28 elements
        }
        #expect(many?.kind == .corrupt && many?.branch == "event", "\(String(describing: many))")
        let few = try Self.lyingPage { data, at in data[at] = 1 }
        #expect(few?.kind == .corrupt && few?.message.contains("elements") == true, "\(String(describing: few))")
    }

    @Test func absurdFieldCountIsRefused() throws {
        var data = try Self.bytes("gen-none.root")
        let (anchor, _) = try Self.anchor("gen-none.root")
        var at = anchor.seekHeader + 8 + 8
        for _ in 0..<3 {
            let n = (0..<4).reduce(0) { $0 | Int(data[at + $1]) << (8 * $1) }
            at += 4 + n
        }
        for i in 0..<4 { data[at + 8 + i] = 0xF0 } // the field list's item count
        Self.reseal(&data, offset: anchor.seekHeader, length: anchor.lenHeader)
        let e = Self.failure(Self.readAll(data))
        #expect(e?.kind == .corrupt && e?.message.contains("list frame claims") == true, "\(String(describing: e))")
    }

    @Test(arguments: ["gen-zstd.root", "test_multiple_cluster_groups_rntuple_v1-0-0-0.root"])
    func truncationThrows(name: String) throws {
        let full = try Self.bytes(name)
        let object = name.hasPrefix("gen") ? "events" : "ntuple"
        #expect((try? Self.readAll(full, object).get()) != nil)
        // The anchor must be whole; past it, what is cut may be streamer info nobody needs.
        let file = try ROOTFile(path: RNTupleFixtureTests.dir.appendingPathComponent(name).path)
        let needed = file.ntupleEntries.map { $0.key.seekKey + $0.key.nbytes }.max() ?? full.count
        for cut in stride(from: 0, to: needed, by: max(1, needed / 300)) {
            let r = Self.readAll(Array(full[0..<cut]), object)
            #expect(Self.failure(r) != nil, "cut at \(cut) of \(full.count) read without error")
        }
    }

    @Test(arguments: [
        ("gen-zlib.root", "events"), ("test_multiple_cluster_groups_rntuple_v1-0-0-0.root", "ntuple"),
        ("test_stl_containers_rntuple_v1-0-0-0.root", "ntuple"), ("test_float_types_rntuple_v1-0-0-0.root", "ntuple")
    ])
    func flippedBytesNeverCrash(name: String, object: String) throws {
        let full = try Self.bytes(name)
        var rng = SplitMix(seed: 24)
        for _ in 0..<300 {
            var data = full
            let at = Int(rng.next() % UInt64(full.count))
            data[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            _ = Self.readAll(data) // a value or a typed error; an untyped one is recorded as an issue
        }
    }

    /// A small seeded generator (SplitMix64), so the flipped bytes are the same on every run.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
