import Foundation
import Testing
@testable import ParamRunStats

/// Workspace decoding against pyhf's schema 1.0.0: a workspace with every modifier type reads,
/// and each way of breaking it is reported at its JSON path.
@Suite struct JSONWorkspaceTests {
    static let valid = """
        {"channels": [{"name": "SR", "samples": [
           {"name": "signal", "data": [1, 2], "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
           {"name": "bkg", "data": [10, 20], "modifiers": [
               {"name": "lumi", "type": "lumi", "data": null},
               {"name": "norm", "type": "normsys", "data": {"hi": 1.1, "lo": 0.9}},
               {"name": "shape", "type": "histosys", "data": {"hi_data": [11, 21], "lo_data": [9, 19]}},
               {"name": "stat", "type": "staterror", "data": [1, 2]},
               {"name": "unc", "type": "shapesys", "data": [1.5, 2.5]},
               {"name": "free", "type": "shapefactor", "data": null}]}]}],
         "observations": [{"name": "SR", "data": [11, 22]}],
         "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": [
             {"name": "lumi", "auxdata": [1], "sigmas": [0.02], "bounds": [[0.9, 1.1]],
              "inits": [1], "fixed": false}]}}],
         "version": "1.0.0"}
        """

    func document() throws -> JSONValue { try JSONParser.parse(Self.valid, file: "ws.json") }

    /// The error decoding the valid workspace gives once `patch` (JSON Patch text) is applied.
    func failure(_ patch: String) throws -> String {
        let broken = try JSONPatch(json: JSONParser.parse(patch, file: "p.json"), file: "p.json").applied(
            to: document())
        do {
            _ = try HistFactoryWorkspace(json: broken, file: "ws.json")
            return "no error"
        } catch let StatsError.invalidJSON(file, path, reason) {
            #expect(file == "ws.json")
            return "\(path): \(reason)"
        }
    }

    @Test func everyModifierTypeDecodes() throws {
        let ws = try HistFactoryWorkspace(json: document(), file: "ws.json")
        let expected = HistFactoryWorkspace(
            channels: [
                .init(
                    name: "SR",
                    samples: [
                        .init(name: "signal", data: [1, 2], modifiers: [.normfactor("mu")]),
                        .init(
                            name: "bkg", data: [10, 20],
                            modifiers: [
                                .init(name: "lumi", type: "lumi", data: .none), .normsys("norm", hi: 1.1, lo: 0.9),
                                .init(name: "shape", type: "histosys", data: .hiLoData(hi: [11, 21], lo: [9, 19])),
                                .staterror("stat", uncertainties: [1, 2]),
                                .init(name: "unc", type: "shapesys", data: .values([1.5, 2.5])),
                                .init(name: "free", type: "shapefactor", data: .none)
                            ])
                    ])
            ],
            measurements: [
                .init(
                    name: "m",
                    config: .init(
                        poi: "mu",
                        parameters: [
                            .init(
                                name: "lumi", bounds: [[0.9, 1.1]], inits: [1], fixed: false, auxdata: [1],
                                sigmas: [0.02])
                        ]))
            ],
            observations: [.init(name: "SR", data: [11, 22])])
        #expect(ws == expected)
        // Back to JSON and in again: the same workspace, and the same document jsonData() writes.
        #expect(try HistFactoryWorkspace(json: ws.jsonValue, file: "again") == ws)
        #expect(try JSONParser.parse(Array(ws.jsonData()), file: "data") == ws.jsonValue)
    }

    @Test func typeErrorsNameTheJSONPath() throws {
        let modifiers = "/channels/0/samples/1/modifiers"
        let cases: [(patch: String, error: String)] = [
            (
                #"[{"op": "replace", "path": "\#(modifiers)/2/data/hi_data", "value": "x"}]"#,
                "channels[0].samples[1].modifiers[2].data.hi_data: expected an array of numbers, found a string"
            ),
            (
                #"[{"op": "replace", "path": "\#(modifiers)/3/data/1", "value": "a"}]"#,
                "channels[0].samples[1].modifiers[3].data[1]: expected a number, found a string"
            ),
            (
                #"[{"op": "replace", "path": "\#(modifiers)/1/data", "value": [1, 2]}]"#,
                "channels[0].samples[1].modifiers[1].data: expected an object, found an array"
            ),
            (
                #"[{"op": "remove", "path": "\#(modifiers)/1/data/lo"}]"#,
                "channels[0].samples[1].modifiers[1].data: missing required key \"lo\""
            ),
            (
                #"[{"op": "replace", "path": "/channels/0/samples/0/modifiers/0/data", "value": 1}]"#,
                "channels[0].samples[0].modifiers[0].data: expected null, found a number"
            ),
            (
                #"[{"op": "replace", "path": "\#(modifiers)/4/data", "value": []}]"#,
                "channels[0].samples[1].modifiers[4].data: expected at least 1 number(s), found none"
            ),
            (
                #"[{"op": "replace", "path": "/measurements/0/config/parameters/0/fixed", "value": "yes"}]"#,
                "measurements[0].config.parameters[0].fixed: expected a boolean, found a string"
            ),
            (
                #"[{"op": "replace", "path": "/channels", "value": {}}]"#,
                "channels: expected an array, found an object"
            ),
            (
                #"[{"op": "replace", "path": "/channels", "value": []}]"#,
                "channels: expected at least 1 element(s), found none"
            ),
            (#"[{"op": "replace", "path": "", "value": []}]"#, ": expected an object, found an array")
        ]
        for (patch, error) in cases { #expect(try failure(patch) == error) }
    }

    @Test func schemaRulesNameTheJSONPath() throws {
        let modifiers = "/channels/0/samples/1/modifiers"
        let parameter = "/measurements/0/config/parameters/0"
        let cases: [(patch: String, error: String)] = [
            (
                #"[{"op": "replace", "path": "\#(modifiers)/0/type", "value": "foo"}]"#,
                "channels[0].samples[1].modifiers[0].type: unknown modifier type \"foo\" "
                    + "(histosys, lumi, normfactor, normsys, shapefactor, shapesys, staterror)"
            ),
            (
                #"[{"op": "replace", "path": "\#(modifiers)/0/name", "value": "lumi2"}]"#,
                "channels[0].samples[1].modifiers[0].name: a lumi modifier must be named \"lumi\", not \"lumi2\""
            ),
            (
                #"[{"op": "add", "path": "/channels/0/extra", "value": 1}]"#,
                "channels[0].extra: unknown key \"extra\" (allowed: name, samples)"
            ),
            (
                #"[{"op": "add", "path": "\#(modifiers)/0/weight", "value": 1}]"#,
                "channels[0].samples[1].modifiers[0].weight: unknown key \"weight\" (allowed: name, type, data)"
            ),
            (#"[{"op": "remove", "path": "/version"}]"#, ": missing required key \"version\""),
            (
                #"[{"op": "replace", "path": "/version", "value": "1.1.0"}]"#,
                "version: version \"1.1.0\" is not supported (pyhf's schema 1.0.0 is)"
            ),
            (
                #"[{"op": "remove", "path": "/channels/0/samples/0/name"}]"#,
                "channels[0].samples[0]: missing required key \"name\""
            ),
            (
                #"[{"op": "replace", "path": "\#(parameter)/bounds/0", "value": [1.1, 0.9]}]"#,
                "measurements[0].config.parameters[0].bounds[0]: the low bound 1.1 is above the high bound 0.9"
            ),
            (
                #"[{"op": "replace", "path": "\#(parameter)/bounds/0", "value": [1]}]"#,
                "measurements[0].config.parameters[0].bounds[0]: expected [low, high], found 1 numbers"
            ),
            (
                #"[{"op": "add", "path": "\#(parameter)/factors", "value": [1]}]"#,
                "measurements[0].config.parameters[0].factors: \"factors\" is not supported"
            ),
            (
                #"[{"op": "add", "path": "/measurements/0/config/parameters/0/sigma", "value": [1]}]"#,
                "measurements[0].config.parameters[0].sigma: unknown key \"sigma\" "
                    + "(allowed: name, inits, bounds, auxdata, factors, sigmas, fixed)"
            )
        ]
        for (patch, error) in cases { #expect(try failure(patch) == error) }
    }

    @Test func inconsistentBinsAndObservationsAreRefused() throws {
        let cases: [(patch: String, error: String)] = [
            (
                #"[{"op": "replace", "path": "/channels/0/samples/1/data", "value": [10]}]"#,
                "channels[0].samples[1].data: 1 bins, but channels[0].samples[0].data has 2"
            ),
            (
                #"[{"op": "replace", "path": "/channels/0/samples/1/modifiers/3/data", "value": [1]}]"#,
                "channels[0].samples[1].modifiers[3].data: 1 values for a sample of 2 bins"
            ),
            (
                #"[{"op": "replace", "path": "/channels/0/samples/1/modifiers/2/data/lo_data", "value": [1, 2, 3]}]"#,
                "channels[0].samples[1].modifiers[2].data.lo_data: 3 values for a sample of 2 bins"
            ),
            (
                #"[{"op": "replace", "path": "/observations/0/data", "value": [1]}]"#,
                "observations[0].data: 1 counts, but channel \"SR\" has 2 bins"
            ),
            (
                #"[{"op": "replace", "path": "/observations/0/name", "value": "CR"}]"#,
                "observations: no observation of channel \"SR\""
            ),
            (
                #"[{"op": "copy", "from": "/observations/0", "path": "/observations/-"}]"#,
                "observations[1].name: a second observation of channel \"SR\""
            ),
            (
                #"[{"op": "copy", "from": "/channels/0", "path": "/channels/-"}]"#,
                "channels[1].name: duplicate channel name \"SR\""
            ),
            (
                #"[{"op": "copy", "from": "/measurements/0", "path": "/measurements/-"}]"#,
                "measurements[1].name: duplicate measurement name \"m\""
            )
        ]
        for (patch, error) in cases { #expect(try failure(patch) == error) }
        // An observation of a channel that is not there is ignored, as pyhf ignores it.
        let extra = try failure(#"[{"op": "add", "path": "/observations/-", "value": {"name": "VR", "data": [1]}}]"#)
        #expect(extra == "no error")
    }

    @Test func loadNamesTheFileInEveryKindOfError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("paramrun-json-ws-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws.json")
        try Data(Self.valid.utf8).write(to: ws)
        let patch = folder.appendingPathComponent("patch.json")
        try Data(#"[{"op": "replace", "path": "/channels/0/samples/1/data/0", "value": "x"}]"#.utf8).write(to: patch)
        #expect(
            throws: StatsError.invalidJSON(
                file: "\(ws.path) patched by \(patch.path)", path: "channels[0].samples[1].data[0]",
                reason: "expected a number, found a string")
        ) { try HistFactoryWorkspace.load(from: ws, patches: [patch]) }
        let badPatch = folder.appendingPathComponent("bad.json")
        try Data(#"[{"op": "remove", "path": "/channels/3"}]"#.utf8).write(to: badPatch)
        #expect(
            throws: StatsError.invalidJSON(
                file: badPatch.path, path: "[0] remove /channels/3",
                reason: "no such path /channels/3 (the array has 1 elements)")
        ) { try HistFactoryWorkspace.load(from: ws, patches: [badPatch]) }
        try Data("{\"channels\": [\n  1,\n  2,,\n]}".utf8).write(to: ws)
        #expect(
            throws: StatsError.malformedJSON(file: ws.path, line: 3, column: 5, reason: "',', expected a value")
        ) { try HistFactoryWorkspace.load(from: ws) }
    }

    @Test func aModelErrorCanNameItsFile() {
        let error = StatsError.invalidWorkspace(
            path: "channels[0].samples[1].data[0]", reason: "-2.0: yields must be ≥ 0")
        #expect(
            error.naming(file: "ws.json").description
                == "ws.json: channels[0].samples[1].data[0]: -2.0: yields must be ≥ 0")
        let other = StatsError.unreadableFile(file: "a.json", reason: "cannot open")
        #expect(other.naming(file: "ws.json") == other)
    }
}
