import Foundation
import ParamRunTestSupport
import Testing

/// The shipped HEPMASS variants, run against HEPMASS-format files that `paramrun generate` writes,
/// since the real UCI files are users' downloads.
@Suite struct HEPMASSSpecTests {
    @Test(arguments: ["fig7-hepmass", "fig8-hepmass"])
    func readsHEPMASSFilesWhereTheSpecSaysTheyAre(name: String) throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let specs = root.appendingPathComponent("specs/hepmass"), data = root.appendingPathComponent("data/hepmass")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let spec = specs.appendingPathComponent("\(name).yaml")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("specs/hepmass/\(name).yaml"), to: spec)

        // Without the files, validation names the missing one.
        let missing = try Binary.run(["validate", spec.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("HEPMASS file '../../data/hepmass/all_train.csv.gz' does not exist"))

        for (file, seed) in [("all_train.csv.gz", "1"), ("all_test.csv.gz", "2")] {
            let made = try Binary.run([
                "generate", "--generator", "xttbar", "--signal-per-mass", "300", "--background", "1500",
                "--seed", seed, "--standardize", "-o", data.appendingPathComponent(file).path
            ])
            #expect(made.status == 0, "\(made.stderr)")
        }
        #expect(try Binary.run(["validate", spec.path]).status == 0)
        let outputs = root.appendingPathComponent("outputs")
        let run = try Binary.run([
            "run", spec.path, "--outputs", outputs.path, "--only", "scale/fixed-1000", "load/test"
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("3 done, 0 cached, 0 failed"))
        // The .npy copy of each file is kept for the next read.
        let cache = try FileManager.default.contentsOfDirectory(atPath: outputs.appendingPathComponent(".cache").path)
        #expect(cache.contains { $0.hasSuffix(".npy") })
    }
}
