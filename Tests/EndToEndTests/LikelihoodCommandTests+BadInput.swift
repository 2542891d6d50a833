import Foundation
import ParamRunTestSupport
import Testing

/// Bad input to the likelihood commands: exit 2, the file and the JSON path named, nothing on
/// standard output; and a fit that cannot give errors: exit 1, said so, no NaN.
extension LikelihoodCommandTests {
    /// Two channels; the control region's background carries a histosys at modifiers[1].
    static func twoChannels() -> [String: Any] {
        func modifier(_ name: String, _ type: String, _ data: Any = NSNull()) -> [String: Any] {
            ["name": name, "type": type, "data": data]
        }
        return [
            "channels": [
                [
                    "name": "CR",
                    "samples": [
                        [
                            "name": "bkg", "data": [100.0, 80.0],
                            "modifiers": [
                                modifier("bkg_norm", "normsys", ["hi": 1.1, "lo": 0.9]),
                                modifier("jes", "histosys", ["hi_data": [104.0, 85.0], "lo_data": [97.0, 76.0]])
                            ]
                        ]
                    ]
                ],
                [
                    "name": "SR",
                    "samples": [
                        ["name": "signal", "data": [5.0, 9.0], "modifiers": [modifier("mu", "normfactor")]],
                        [
                            "name": "bkg", "data": [20.0, 12.0],
                            "modifiers": [
                                modifier("bkg_norm", "normsys", ["hi": 1.1, "lo": 0.9]),
                                modifier("mc_stat", "staterror", [2.0, 1.5])
                            ]
                        ]
                    ]
                ]
            ],
            "observations": [["name": "CR", "data": [103.0, 77.0]], ["name": "SR", "data": [24.0, 15.0]]],
            "measurements": [["name": "meas", "config": ["poi": "mu", "parameters": [] as [Any]]]],
            "version": "1.0.0"
        ]
    }

    /// One bad workspace: the value at `path` (keys and indices) replaced by `value` (JSON text),
    /// and the JSON path the error must name.
    struct BadCase: Sendable, CustomStringConvertible {
        var description: String
        var path: [String]
        var value: String
        var named: String

        /// The two-channel workspace with the edit made.
        func workspace() throws -> Any {
            let value = try JSONSerialization.jsonObject(with: Data(self.value.utf8), options: .fragmentsAllowed)
            return Self.editing(LikelihoodCommandTests.twoChannels(), path[...], value)
        }

        static func editing(_ node: Any, _ path: ArraySlice<String>, _ value: Any) -> Any {
            guard let head = path.first else { return value }
            if let index = Int(head), var array = node as? [Any] {
                array[index] = editing(array[index], path.dropFirst(), value)
                return array
            }
            var object = node as? [String: Any] ?? [:]
            object[head] = editing(object[head] as Any, path.dropFirst(), value)
            return object
        }
    }

    static let badCases = [
        BadCase(
            description: "bin count", path: ["channels", "0", "samples", "0", "modifiers", "1", "data", "hi_data"],
            value: "[104.0]", named: "channels[0].samples[0].modifiers[1].data.hi_data"),
        BadCase(
            description: "unknown modifier", path: ["channels", "1", "samples", "1", "modifiers", "1", "type"],
            value: "\"magicsys\"", named: "channels[1].samples[1].modifiers[1]"),
        BadCase(
            description: "schema", path: ["channels", "1", "samples", "0", "data"], value: "\"many\"",
            named: "channels[1].samples[0].data"),
        BadCase(
            description: "negative yield", path: ["channels", "1", "samples", "1", "data"], value: "[20.0, -3.0]",
            named: "channels[1].samples[1].data"),
        BadCase(
            description: "POI missing", path: ["measurements", "0", "config", "poi"], value: "\"mu_nowhere\"",
            named: "measurements[0].config.poi"),
        BadCase(
            description: "observation bins", path: ["observations", "1", "data"], value: "[24.0]",
            named: "observations[1].data")
    ]

    @Test(arguments: badCases)
    func badWorkspaceExitsTwoNamingFileAndPath(_ bad: BadCase) throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(bad.workspace(), named: "bad.json", in: folder)
        for command in ["cls", "limit", "fit", "significance"] {
            let result = try Binary.run([command, file, "--json"])
            #expect(result.status == 2, "\(bad), \(command): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("bad.json") && result.stderr.contains(bad.named), "\(result.stderr)")
        }
    }

    @Test func malformedJSONAndPatchesThatDoNotApplyExitTwo() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try write(Self.twoChannels(), named: "good.json", in: folder)
        let text = try String(contentsOfFile: good, encoding: .utf8)
        let truncated = folder.appendingPathComponent("truncated.json")
        try String(text.prefix(text.count / 2)).write(to: truncated, atomically: true, encoding: .utf8)
        let malformed = try Binary.run(["fit", truncated.path, "--json"])
        #expect(malformed.status == 2 && malformed.stdout.isEmpty)
        #expect(malformed.stderr.contains("truncated.json:1:"), "file:line:column: \(malformed.stderr)")

        let patch = try write(
            [["op": "remove", "path": "/channels/7/samples/0"]], named: "nowhere.patch.json", in: folder)
        let missing = try Binary.run(["cls", good, "--patch", patch, "--json"])
        #expect(missing.status == 2 && missing.stdout.isEmpty)
        #expect(missing.stderr.contains("nowhere.patch.json") && missing.stderr.contains("/channels/7"))

        let absent = try Binary.run(["limit", good, "--patch", folder.appendingPathComponent("absent.json").path])
        #expect(absent.status == 2 && absent.stderr.contains("absent.json"))
        for mu in ["nan", "inf", "-1", "0"] {
            let result = try Binary.run(["cls", good, "--mu=\(mu)", "--json"])
            #expect(result.status == 2 && result.stdout.isEmpty && result.stderr.contains("--mu"), "\(mu)")
        }
        let measurement = try Binary.run(["significance", good, "--measurement", "nope", "--json"])
        #expect(measurement.status == 2 && measurement.stderr.contains("nope"))
    }

    @Test func aParameterWithNoEffectMakesFitFailWithExitOne() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // `ghost` scales a sample with no events: the likelihood does not depend on it, so the
        // Hessian is singular and the fit has no errors to give.
        var workspace = Counting().workspace
        var channels = workspace["channels"] as? [[String: Any]] ?? []
        var samples = channels[0]["samples"] as? [[String: Any]] ?? []
        samples.append([
            "name": "empty", "data": [0.0], "modifiers": [["name": "ghost", "type": "normfactor", "data": NSNull()]]
        ])
        channels[0]["samples"] = samples
        workspace["channels"] = channels
        let path = try write(workspace, named: "ghost.json", in: folder)
        let result = try Binary.run(["fit", path, "--json"])
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.isEmpty && !result.stderr.isEmpty)
        #expect(!result.stderr.lowercased().contains("nan"))
    }
}
