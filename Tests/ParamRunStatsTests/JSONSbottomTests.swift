import Foundation
import Testing
@testable import ParamRunStats

/// The published ATLAS sbottom likelihood (region A): the background-only workspace, its 13
/// signal patches, and the same patches as one pyhf patchset.
@Suite struct JSONSbottomTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/histfactory")
    static let region = folder.appendingPathComponent("sbottom-regionA")
    static let workspace = region.appendingPathComponent("BkgOnly.json")
    static let patchset = folder.appendingPathComponent("sbottom-regionA-patchset.json")

    static func patchFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: region, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("patch.sbottom_") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func modifierCounts(_ ws: HistFactoryWorkspace) -> [String: Int] {
        var counts: [String: Int] = [:]
        for channel in ws.channels {
            for sample in channel.samples {
                for modifier in sample.modifiers { counts[modifier.type, default: 0] += 1 }
            }
        }
        return counts
    }

    @Test func backgroundOnlyWorkspaceHasTheREADMEStructure() throws {
        let ws = try HistFactoryWorkspace.load(from: Self.workspace)
        #expect(ws.channels.map(\.name) == ["SR_meff", "VRtt_meff", "CRtt_meff"])
        #expect(ws.channels.map { $0.samples[0].data.count }.reduce(0, +) == 9)
        #expect(
            Self.modifierCounts(ws) == ["lumi": 21, "staterror": 24, "histosys": 1143, "normsys": 79, "normfactor": 3])
        #expect(ws.measurements.map(\.name) == ["NormalMeasurement"])
        #expect(ws.measurements[0].config.poi == "mu_SIG")
        #expect(
            ws.measurements[0].config.parameters == [
                .init(name: "lumi", bounds: [[0.915, 1.085]], inits: [1], auxdata: [1], sigmas: [0.017])
            ])
        #expect(ws.observations.first == .init(name: "SR_meff", data: [12, 3, 2]))
    }

    @Test func theParserAgreesWithFoundationAndRoundTrips() throws {
        let bytes = try JSONFile.read(Self.workspace)
        let ws = try HistFactoryWorkspace(json: JSONParser.parse(bytes, file: "BkgOnly.json"), file: "BkgOnly.json")
        #expect(try JSONDecoder().decode(HistFactoryWorkspace.self, from: Data(bytes)) == ws)
        #expect(try HistFactoryWorkspace(json: ws.jsonValue, file: "again") == ws)
        let written = try ws.jsonData()
        #expect(
            try HistFactoryWorkspace(json: JSONParser.parse(Array(written), file: "written"), file: "written") == ws)
    }

    @Test func eachPatchAddsASignalSample() throws {
        let background = try HistFactoryWorkspace.load(from: Self.workspace)
        let files = try Self.patchFiles()
        #expect(files.count == 13)
        for file in files {
            let ws = try HistFactoryWorkspace.load(from: Self.workspace, patches: [file])
            // The patches drop the validation region and put the signal first in the others.
            #expect(ws.channels.map(\.name) == ["SR_meff", "CRtt_meff"], "\(file.lastPathComponent)")
            for (channel, original) in zip(ws.channels, [background.channels[0], background.channels[2]]) {
                #expect(channel.samples.count == original.samples.count + 1)
                #expect(Array(channel.samples.dropFirst()) == original.samples)
                #expect(channel.samples[0].modifiers.contains(.normfactor("mu_SIG")))
            }
        }
    }

    @Test func thePatchsetHoldsTheSamePatches() throws {
        let set = try Patchset.load(from: Self.patchset)
        #expect(set.version == "1.0.0")
        #expect(set.labels == ["m_sbottom", "m_neutralino2", "m_neutralino1"])
        #expect(set.references == JSONObject(["hepdata": .string("ins1748602")]))
        #expect(set.digests.keys == ["sha256"])
        #expect(set.patches.count == 13)
        #expect(set.names.first == "sbottom_700_205_60")
        let base = try JSONFile.parse(Self.workspace)
        for file in try Self.patchFiles() {
            let standalone = try #require(try Patchset.patches(in: file).first)
            #expect(standalone.name == file.deletingPathExtension().lastPathComponent)
            let fromSet = try set.patch(named: String(standalone.name.dropFirst("patch.".count)))
            #expect(fromSet.patch.operations == standalone.patch.operations)
            #expect(try fromSet.patch.applied(to: base) == standalone.patch.applied(to: base))
        }
        let point = try #require(set.patch(values: [.number(1300), .number(850), .number(60)]))
        #expect(point.name == "sbottom_1300_850_60")
        #expect(throws: StatsError.self) { try set.patch(named: "sbottom_1_2_3") }
        let patched = try set.workspace(named: "sbottom_1300_850_60", base: base, file: Self.workspace.path)
        let file = Self.region.appendingPathComponent("patch.sbottom_1300_850_60.json")
        #expect(try patched == HistFactoryWorkspace.load(from: Self.workspace, patches: [file]))
        #expect(try set.apply(named: "sbottom_1300_850_60", to: base) == patched.jsonValue)
        #expect(throws: StatsError.self) {
            try HistFactoryWorkspace.load(from: Self.workspace, patches: [Self.patchset])
        }
    }

    @Test func patchsetErrorsNameTheJSONPath() throws {
        func error(_ text: String) -> StatsError? {
            do { _ = try Patchset(json: JSONParser.parse(text, file: "ps.json"), file: "ps.json"); return nil } catch {
                return error
            }
        }
        let md5 = "0123456789abcdef0123456789abcdef"
        let metadata =
            #""metadata": {"description": "d", "digests": {"md5": "\#(md5)"}, "labels": ["x"], "#
            + #""references": {"hepdata": "ins1234567"}}"#
        func set(_ patches: String) -> String { #"{\#(metadata), "patches": [\#(patches)], "version": "1.0.0"}"# }
        let good = #"{"metadata": {"name": "a", "values": [1]}, "patch": []}"#
        #expect(error(set(good)) == nil)
        #expect(
            error(set(#"{"metadata": {"name": "a", "values": [1, 2]}, "patch": []}"#))
                == .invalidJSON(
                    file: "ps.json", path: "patches[0].metadata.values",
                    reason: "2 values, but the patchset has 1 labels"))
        #expect(
            error(set(good + ", " + good.replacingOccurrences(of: "[1]", with: "[2]")))
                == .invalidJSON(file: "ps.json", path: "patches[1].metadata.name", reason: "a second patch named \"a\"")
        )
        #expect(
            error(set(#"{"metadata": {"name": "a", "values": [null]}, "patch": []}"#))
                == .invalidJSON(
                    file: "ps.json", path: "patches[0].metadata.values[0]",
                    reason: "expected a number or a string, found null"))
        #expect(
            error(set(#"{"metadata": {"name": "a", "values": [1]}, "patch": [{"op": "add"}]}"#))
                == .invalidJSON(file: "ps.json", path: "patches[0].patch[0]", reason: "missing required key \"path\""))
        #expect(
            error(set(#"{"metadata": {"name": "a b", "values": [1]}, "patch": []}"#))
                == .invalidJSON(
                    file: "ps.json", path: "patches[0].metadata.name",
                    reason: "\"a b\" may hold only letters, digits and '_'"))
        let broken: [(String, String, StatsError)] = [
            (
                #""digests": {"md5": "\#(md5)"}"#, #""digests": {}"#,
                .invalidJSON(
                    file: "ps.json", path: "metadata.digests", reason: "expected at least one digest (md5, sha256)")
            ),
            (
                #""digests": {"md5": "\#(md5)"}"#, #""digests": {"sha1": "ab"}"#,
                .invalidJSON(
                    file: "ps.json", path: "metadata.digests.sha1",
                    reason: "unknown key \"sha1\" (allowed: md5, sha256)")
            ),
            (
                md5, md5.uppercased(),
                .invalidJSON(
                    file: "ps.json", path: "metadata.digests.md5",
                    reason: "\"\(md5.uppercased())\" is not a md5 digest (32 hex digits)")
            ),
            (
                "ins1234567", "ins123",
                .invalidJSON(
                    file: "ps.json", path: "metadata.references.hepdata",
                    reason: "\"ins123\" is not a HEPData record (\"ins\" and 7 digits)")
            ),
            (
                #"["x"]"#, #"["m-x"]"#,
                .invalidJSON(
                    file: "ps.json", path: "metadata.labels[0]", reason: "\"m-x\" may hold only letters, digits and '_'"
                )
            )
        ]
        for (from, to, expected) in broken {
            #expect(error(set(good).replacingOccurrences(of: from, with: to)) == expected)
        }
        #expect(
            error(#"{"patches": [], "version": "1.0.0"}"#)
                == .invalidJSON(file: "ps.json", path: "", reason: "missing required key \"metadata\""))
    }
}
