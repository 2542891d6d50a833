import Foundation
import ParamRunTestSupport
import Testing

/// `paramrun inspect` on RNTuples: the listing, one field dumped, and a damaged anchor refused naming the file.
@Suite struct RNTupleInspectTests {
    static let dir = Binary.fixtures.appendingPathComponent("root/rntuple")

    @Test func listsFieldsTypesAndWhatCannotBeRead() throws {
        let gen = try Binary.run(["inspect", Self.dir.appendingPathComponent("gen-lzma.root").path])
        #expect(gen.status == 0, "\(gen.stderr)")
        let lines = gen.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("events\tRNTuple\t300 entries\t12 fields\t3 clusters"))
        #expect(lines.contains { $0.hasPrefix("  Jet.pt ") && $0.contains("float") && $0.contains("collection Jet") })
        #expect(lines.contains { $0.hasPrefix("  lumi ") && $0.hasSuffix("std::uint16_t") })
        let stl = try Binary.run(
            ["inspect", Self.dir.appendingPathComponent("test_stl_containers_rntuple_v1-0-0-0.root").path])
        #expect(stl.status == 0 && stl.stdout.contains("ntuple\tRNTuple\t5 entries"))
        #expect(
            stl.stdout.split(separator: "\n").contains {
                $0.hasPrefix("  vector_vector_int32 ") && $0.contains("unsupported")
            })
    }

    @Test func dumpsOneFieldAnEntryALine() throws {
        let path = Self.dir.appendingPathComponent("gen-zlib.root").path
        let pt = try Binary.run(["inspect", path, "--tree", "events", "--dump", "Jet.pt"])
        #expect(pt.status == 0, "\(pt.stderr)")
        let lines = pt.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 300 && lines.first == "[2.8843975,7.8772745]" && lines[1] == "[11.245093]")
        let pass = try Binary.run(["inspect", path, "--tree", "events", "--dump", "pass"])
        #expect(pass.stdout.split(separator: "\n").prefix(2) == ["1", "0"])
        let refused = try Binary.run(
            [
                "inspect", Self.dir.appendingPathComponent("ntpl001_staff_rntuple_v1-0-0-0.root").path,
                "--tree", "Staff", "--dump", "Nation"
            ])
        #expect(refused.status == 1 && refused.stderr.contains("Nation") && refused.stderr.contains("std::string"))
    }

    @Test func aDamagedAnchorIsRefusedNamingTheFile() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var data = [UInt8](try Data(contentsOf: Self.dir.appendingPathComponent("gen-none.root")))
        // The anchor's key header: class name, then name and title (both "events"), then the anchor itself,
        // which starts with its byte count (0x40...); uproot leaves an all-zero first draft of it before.
        let name = Array("ROOT::RNTuple\u{06}events\u{06}events".utf8)
        let at = try #require(
            (0...(data.count - name.count)).first {
                data[$0..<($0 + name.count)].elementsEqual(name) && data[$0 + name.count] == 0x40
            })
        data[at + name.count + 7 + 4 + 2 + 15] ^= 1 // the anchor's header seek, after the key's name "events"
        let path = root.appendingPathComponent("damaged.root").path
        try Data(data).write(to: URL(fileURLWithPath: path))
        let result = try Binary.run(["inspect", path])
        #expect(result.status == 1 && result.stderr.contains("damaged.root"))
        #expect(result.stderr.contains("anchor checksum mismatch"), "\(result.stderr)")
    }
}
