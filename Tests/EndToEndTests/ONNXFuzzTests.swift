import Foundation
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// Seeded mutants of the ONNX files paramrun exports (a fixed, a parameterized and an affine
/// network), each scored by `paramrun predict` in its own process under a memory limit and a
/// timeout: each must end with exit 0 or a clean error (exit 1, `error:` naming the file), never
/// a signal, a hang or a non-finite score.
@Suite struct ONNXFuzzTests {
    static let mutantCount = 240
    /// The memory limit of each `predict` process (`ulimit -v`, KiB) and its time limit.
    static let memoryLimitKiB = 1 << 20
    static let timeLimit = 5

    static let spec = """
        name: onnx-fuzz
        seed: 3
        datasets:
          train: {source: toy, masses: [-1, 0, 1], signal_per_mass: 100, background: 300}
          test: {source: toy, masses: [0], signal_per_mass: 20, background: 20}
        network: {hidden: [4, 4], epochs: 1, batch_size: 32, activation: tanh}
        models:
          fixed: {type: fixed, train_masses: [0]}
          param: {type: parameterized}
          affine: {type: parameterized, conditioning: affine}
        evaluate: {masses: [0], models: [fixed, param, affine], outputs: [auc]}
        export: {formats: [onnx]}

        """

    /// Each seed's exported ONNX file, by model name.
    static func seeds(in root: URL) throws -> [(name: String, bytes: [UInt8])] {
        let spec = root.appendingPathComponent("onnx-fuzz.yaml")
        try Self.spec.write(to: spec, atomically: true, encoding: .utf8)
        let models = ["fixed", "param", "affine"]
        let run = try Binary.run(
            ["run", spec.path, "--outputs", root.path, "--quiet", "--only"] + models.map { "export/\($0)" })
        #expect(run.status == 0, "\(run.stderr)")
        return try models.map { name in
            let url = root.appendingPathComponent("onnx-fuzz/export/\(name).onnx")
            return (name, [UInt8](try Data(contentsOf: url)))
        }
    }

    @Test func mutantsOfExportedNetworksAreScoredOrRefusedCleanly() throws {
        let root = try TemporaryDirectory.make("onnx-fuzz")
        defer { try? FileManager.default.removeItem(at: root) }
        let seeds = try Self.seeds(in: root)
        let work = root.appendingPathComponent("mutants")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try "# label,x,mass\n1,0.5,0\n0,-0.7,0\n1,1e30,0\n0,-3,0\n".write(
            to: work.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
        var random = SeededGenerator(seed: 20_261_207)
        var names: [String] = []
        for index in 0..<Self.mutantCount {
            let seed = seeds[index % seeds.count]
            let name = "\(seed.name)-\(index).onnx"
            try Data(ONNXMutator.mutate(seed.bytes, using: &random)).write(to: work.appendingPathComponent(name))
            names.append(name)
        }
        let statuses = try Self.predictEach(names, in: work)
        var scored = 0, refused = 0
        for name in names {
            let status = try #require(statuses[name], "\(name) was not run")
            let stderr = (try? String(contentsOf: work.appendingPathComponent("\(name).err"), encoding: .utf8)) ?? ""
            let stdout = (try? String(contentsOf: work.appendingPathComponent("\(name).out"), encoding: .utf8)) ?? ""
            #expect(status == 0 || status == 1, "\(name): exit \(status) (124: a hang; above 128: a signal)\n\(stderr)")
            if status == 0 {
                scored += 1
                #expect(!stdout.contains("nan") && !stdout.contains("inf"), "\(name) printed\n\(stdout)")
            } else if status == 1 {
                refused += 1
                #expect(stderr.hasPrefix("error: ") && stderr.contains(name), "\(name): \(stderr.prefix(300))")
            }
        }
        // Both outcomes were exercised: some mutants stay readable, most do not.
        #expect(scored > 0)
        #expect(refused > Self.mutantCount / 3)
    }

    /// Runs `paramrun predict` on every mutant, two at a time, each under `ulimit -v` and
    /// `timeout`, and returns each one's exit status.
    static func predictEach(_ names: [String], in folder: URL) throws -> [String: Int32] {
        let script = """
            f=$1; extra=--mass=0
            case $f in fixed-*) extra=;; esac
            ( ulimit -v \(memoryLimitKiB); exec timeout -k 1 \(timeLimit) "$P" predict "$f" events.csv $extra \
              >"$f.out" 2>"$f.err" )
            echo "$f $?"
            """
        try script.write(to: folder.appendingPathComponent("one.sh"), atomically: true, encoding: .utf8)
        try names.joined(separator: "\n").write(
            to: folder.appendingPathComponent("names"), atomically: true, encoding: .utf8)
        let result = try Binary.run(
            ["-c", "export P='\(Binary.url.path)'; xargs -P 2 -n 1 bash one.sh < names"], in: folder,
            executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(result.status == 0, "\(result.stderr)")
        var statuses: [String: Int32] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let status = Int32(parts[1]) { statuses[String(parts[0])] = status }
        }
        return statuses
    }
}
