import Foundation
import ParamRunData
import ParamRunTestSupport
import Testing

/// ROOT ntuples as a source, and `paramrun inspect` / `convert`, on the committed fixtures:
/// Tests/Fixtures/root/xttbar (the X -> tt generator through scripts/xttbar-to-root.py) and the
/// uproot/ROOT-written files beside it.
@Suite struct ROOTSpecTests {
    static let ntuples = Binary.fixtures.appendingPathComponent("root/xttbar")

    /// A tiny spec on the fixture: every mass, weights, a held-out mass, judged there.
    static let spec = """
        name: root-tiny
        seed: 3
        datasets:
          all:
            source:
              root:
                signal: {500: NTUPLES/signal.root:signal/mx500, 1000: NTUPLES/signal.root:signal/mx1000,
                         1500: NTUPLES/signal.root:signal/mx1500}
                background: [NTUPLES/background.root:background]
                branches: [f22, f23, f24, f25, f26]
                weight: w
            masses: [500, 1000, 1500]
        scale: standard
        network: {hidden: [8], epochs: 2, batch_size: 32}
        models:
          param: {type: parameterized, train_data: all, held_out: [1000]}
        evaluate:
          data: all
          masses: [1000]
          models: [param]
          outputs: [auc, scores]
        """

    @Test func aSpecTrainsAndJudgesOnWeightedROOTNtuples() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = root.appendingPathComponent("tiny.yaml")
        try Self.spec.replacingOccurrences(of: "NTUPLES", with: Self.ntuples.path).write(
            to: spec, atomically: true, encoding: .utf8)
        let outputs = root.appendingPathComponent("outputs")
        let run = try Binary.run(["run", spec.path, "--outputs", outputs.path, "--quiet"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: outputs.appendingPathComponent("root-tiny/auc/param_1000.json")))
            as? [String: Any]
        let auc = try #require(summary?["auc"] as? Double)
        #expect(auc > 0.5 && auc <= 1)
        #expect(summary?["nSignal"] as? Int == 120)
        #expect(summary?["nBackground"] as? Int == 600)
        #expect(summary?["aucError"] as? Double != nil)
        // The weight branch reached the judged scores: background weights lie in [0.5, 1.5], signal's are 1.
        let weights = try NPYFile.read(outputs.appendingPathComponent("root-tiny/scores/param_1000_weights.npy"))
        let labels = try NPYFile.read(outputs.appendingPathComponent("root-tiny/scores/param_1000_labels.npy"))
        #expect(weights.shape == [720])
        #expect(zip(weights.values, labels.values).allSatisfy { w, y in y == 1 ? w == 1 : (0.5...1.5).contains(w) })
        #expect(Set(weights.values).count > 100)
    }

    @Test func theDemoSpecValidatesWhereItsNtuplesAre() throws {
        // specs/root-demo.yaml reads the committed data/xttbar-root/ (paramrun-written, rewritten bit for bit by
        // `make reproduce-root-demo`); without it the spec names the missing file.
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let specs = root.appendingPathComponent("specs"), data = root.appendingPathComponent("data/xttbar-root")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data.deletingLastPathComponent(), withIntermediateDirectories: true)
        let spec = specs.appendingPathComponent("root-demo.yaml")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("specs/root-demo.yaml"), to: spec)

        let missing = try Binary.run(["validate", spec.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("ROOT file '../data/xttbar-root/xttbar.root' does not exist"))

        try FileManager.default.copyItem(at: Binary.packageRoot.appendingPathComponent("data/xttbar-root"), to: data)
        let valid = try Binary.run(["validate", spec.path])
        #expect(valid.status == 0, "\(valid.stderr)")
        let plan = try Binary.run(["plan", spec.path])
        #expect(plan.stdout.contains("load/train") && plan.stdout.contains("evaluate/parameterized-without-1000@1000"))
    }

    @Test func inspectListsTreesBranchesTypesAndCompression() throws {
        let result = try Binary.run(["inspect", Binary.fixtures.appendingPathComponent("root/gen-zstd.root").path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("signal/mx700\t3000 entries\t11 branches"))
        #expect(lines.contains("background\t3000 entries\t2 branches"))
        #expect(lines.contains { $0.hasPrefix("  u8 ") && $0.contains("uint64_t") && $0.hasSuffix("3 baskets") })
        let hzz = try Binary.run(["inspect", Binary.fixtures.appendingPathComponent("root/uproot-HZZ-lz4.root").path])
        #expect(
            hzz.stdout.split(separator: "\n").contains {
                $0.contains("Jet_Px") && $0.contains("float[NJet]") && $0.contains("jagged")
            })
        let missing = try Binary.run(["inspect", "/no/such.root"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/no/such.root"))
    }

    @Test func convertWritesExactCSVAndNamesWhatItSkips() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let gen = Binary.fixtures.appendingPathComponent("root/gen-lz4.root").path
        let out = root.appendingPathComponent("mx700.csv").path
        let run = try Binary.run(["convert", gen, "--tree", "signal/mx700", "--branches", "b,u8,f4,f8", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "b,u8,f4,f8")
        #expect(lines.count == 3001)
        // Parsing the text gives back the values uproot dumped beside the fixture (floats as IEEE bits).
        let expected = Binary.fixtures.appendingPathComponent("root/expected/gen-lz4/signal__mx700")
        func column(_ name: String) throws -> [String] {
            try String(contentsOf: expected.appendingPathComponent("\(name).txt"), encoding: .utf8).split(
                separator: "\n"
            ).map(String.init)
        }
        let (b, u8, f4, f8) = (try column("b"), try column("u8"), try column("f4"), try column("f8"))
        var mismatches = 0
        for (i, row) in lines.dropFirst().enumerated() {
            let fields = row.split(separator: ",").map(String.init)
            guard fields.count == 4, let x = Float(fields[2]), let y = Double(fields[3]) else {
                mismatches += 1; continue
            }
            let bits = (String(format: "0x%08x", x.bitPattern), String(format: "0x%016lx", y.bitPattern))
            if fields[0] != b[i] || fields[1] != u8[i] || bits.0 != f4[i] || bits.1 != f8[i] { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // .gz output is the same text, gzip-compressed.
        let gz = root.appendingPathComponent("mx700.csv.gz").path
        #expect(
            try Binary.run(["convert", gen, "--tree", "signal/mx700", "--branches", "b,u8,f4,f8", "-o", gz]).status == 0
        )
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gunzip.arguments = ["gzip", "-dc", gz]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        let unzipped = pipe.fileHandleForReading.readDataToEndOfFile()
        gunzip.waitUntilExit()
        #expect(unzipped == (try Data(contentsOf: URL(fileURLWithPath: out))))

        let hzz = Binary.fixtures.appendingPathComponent("root/uproot-HZZ-zlib.root").path
        let all = try Binary.run(["convert", hzz, "--tree", "events", "-o", root.appendingPathComponent("hzz.csv").path]
        )
        #expect(all.status == 0)
        #expect(all.stderr.contains("skipped branch 'Jet_Px' (float[])"))
        let refused = try Binary.run([
            "convert", hzz, "--tree", "events", "--branches", "NJet,Jet_Px", "-o",
            root.appendingPathComponent("x.csv").path
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("branch 'Jet_Px': unsupported: jagged array"))
        let typo = try Binary.run([
            "convert", hzz, "--tree", "events", "--branches", "NJte", "-o", root.appendingPathComponent("y.csv").path
        ])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("did you mean 'NJet'?"))
    }
}
