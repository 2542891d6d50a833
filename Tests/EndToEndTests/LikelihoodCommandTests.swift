import Foundation
import ParamRunTestSupport
import Testing

/// `paramrun cls | limit | fit | significance` run as users run them: on a one-bin counting
/// experiment whose results have closed forms, and on the ATLAS sbottom likelihood with its patches.
@Suite struct LikelihoodCommandTests {
    static let sbottom = Binary.fixtures.appendingPathComponent("histfactory/sbottom-regionA")

    /// One bin, signal `s` scaled by μ over a known background `b`, `n` observed: no nuisance
    /// parameter, so every result is a formula of (s, b, n).
    struct Counting {
        var s = 10.0, b = 50.0, n = 57.0

        var workspace: [String: Any] {
            [
                "channels": [
                    [
                        "name": "SR",
                        "samples": [
                            [
                                "name": "signal", "data": [s],
                                "modifiers": [["name": "mu", "type": "normfactor", "data": NSNull()]]
                            ],
                            ["name": "background", "data": [b], "modifiers": [] as [Any]]
                        ]
                    ]
                ],
                "observations": [["name": "SR", "data": [n]]],
                "measurements": [["name": "meas", "config": ["poi": "mu", "parameters": [] as [Any]]]],
                "version": "1.0.0"
            ]
        }

        /// 2(λ − x + x ln(x/λ)): twice −ln of the likelihood ratio of mean λ to the best fit, x counts seen.
        func twiceRatio(_ x: Double, _ lambda: Double) -> Double { 2 * (lambda - x + x * log(x / lambda)) }

        /// CLs at μ from observed √q̃ and Asimov √q_A, pyhf's two branches (μ̂ between 0 and μ).
        func cls(mu: Double) -> (observed: Double, median: Double) {
            let q = twiceRatio(n, mu * s + b), qA = twiceRatio(b, mu * s + b)
            let (sq, sqA) = (q.squareRoot(), qA.squareRoot())
            let observed =
                sq <= sqA
                ? phi(-sq) / phi(sqA - sq) : phi(-(q + qA) / (2 * sqA)) / phi(-(q - qA) / (2 * sqA))
            return (observed, phi(-sqA) / 0.5)
        }
    }

    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The root of a decreasing `f` crossing `level` in [low, high], by bisection.
    static func root(_ f: (Double) -> Double, level: Double, low: Double, high: Double) -> Double {
        var (a, b) = (low, high)
        for _ in 0..<200 {
            let m = (a + b) / 2
            if f(m) > level { a = m } else { b = m }
        }
        return (a + b) / 2
    }

    func write(_ object: Any, named name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
        return url.path
    }

    func json(_ result: Binary.Result) throws -> [[String: Any]] {
        try result.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func countingExperimentMatchesItsClosedForms() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let c = Counting()
        let path = try write(c.workspace, named: "counting.json", in: folder)

        let fit = try Binary.run(["fit", path, "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitted = try #require(try json(fit).first)
        let mu = try #require((fitted["parameters"] as? [String: [String: Double]])?["mu"])
        #expect(abs(mu["value"]! - (c.n - c.b) / c.s) < 1e-6)
        #expect(abs(mu["error"]! - c.n.squareRoot() / c.s) < 1e-6)
        // −ln Poisson(n | n), constants included.
        let nll = try #require(fitted["nll"] as? Double)
        #expect(abs(nll - (c.n - c.n * log(c.n) + lgamma(c.n + 1))) < 1e-6)

        let significance = try #require(try json(Binary.run(["significance", path, "--json"])).first)
        let zObserved = c.twiceRatio(c.n, c.b).squareRoot(), zExpected = c.twiceRatio(c.s + c.b, c.b).squareRoot()
        #expect(abs((significance["z_observed"] as? Double ?? .nan) - zObserved) < 1e-5)
        #expect(abs((significance["z_expected"] as? Double ?? .nan) - zExpected) < 1e-5)
        #expect(abs((significance["p0_observed"] as? Double ?? .nan) - Self.phi(-zObserved)) < 1e-6)

        for mu in [1.0, 2.5] {
            let cls = try #require(try json(Binary.run(["cls", path, "--mu", "\(mu)", "--json"])).first)
            let expected = try #require(cls["cls_expected"] as? [Double])
            #expect(cls["mu"] as? Double == mu)
            #expect(abs((cls["cls_observed"] as? Double ?? .nan) - c.cls(mu: mu).observed) < 1e-5)
            #expect(expected.count == 5 && abs(expected[2] - c.cls(mu: mu).median) < 1e-5)
            #expect(zip(expected, expected.dropFirst()).allSatisfy { $0 < $1 }, "−2σ … +2σ increase: \(expected)")
        }

        let limit = try #require(try json(Binary.run(["limit", path, "--json"])).first)
        let observed = Self.root({ c.cls(mu: $0).observed }, level: 0.05, low: 0.01, high: 10)
        let median = Self.root({ c.cls(mu: $0).median }, level: 0.05, low: 0.01, high: 10)
        let band = try #require(limit["expected"] as? [Double])
        #expect(abs((limit["observed"] as? Double ?? .nan) - observed) < 1e-3 * observed)
        #expect(band.count == 5 && abs(band[2] - median) < 1e-3 * median)
    }

    @Test func readableSummaryNamesThePOIAndTheResults() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(Counting().workspace, named: "counting.json", in: folder)
        let cls = try Binary.run(["cls", path])
        #expect(cls.status == 0 && cls.stdout.contains("CLs at mu = 1") && cls.stdout.contains("expected"))
        let fit = try Binary.run(["fit", path])
        #expect(fit.status == 0 && fit.stdout.contains("mu") && fit.stdout.contains("±"))
        let limit = try Binary.run(["limit", path])
        #expect(limit.status == 0 && limit.stdout.contains("95% CL upper limit on mu"))
        let significance = try Binary.run(["significance", path])
        #expect(significance.status == 0 && significance.stdout.contains("Z = "))
    }

    @Test func sbottomPatchesRunInParallelInOrderWithTheSameBits() throws {
        let background = Self.sbottom.appendingPathComponent("BkgOnly.json").path
        let names = ["sbottom_1300_850_60", "sbottom_700_205_60", "sbottom_1000_995_60"]
        let patches = names.flatMap { ["--patch", Self.sbottom.appendingPathComponent("patch.\($0).json").path] }
        let together = try Binary.run(["cls", background] + patches + ["--json", "--threads", "2"])
        #expect(together.status == 0, "\(together.stderr)")
        let lines = try json(together)
        #expect(lines.compactMap { $0["patch"] as? String } == names.map { "patch." + $0 })
        for line in lines {
            let observed = try #require(line["cls_observed"] as? Double)
            let expected = try #require(line["cls_expected"] as? [Double])
            #expect((0...1).contains(observed) && expected.count == 5)
            #expect(zip(expected, expected.dropFirst()).allSatisfy { $0 <= $1 })
        }
        // One thread, and each patch on its own: the same bytes.
        let serial = try Binary.run(["cls", background] + patches + ["--json", "--threads", "1"])
        #expect(serial.stdout == together.stdout)
        let alone = try Binary.run(["cls", background, "--patch", patches[3], "--json"])
        #expect(alone.stdout == together.stdout.split(separator: "\n")[1] + "\n")
    }

    @Test func sbottomPatchsetByNameAndWhole() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["sbottom_1300_850_60", "sbottom_900_430_300"]
        var entries: [[String: Any]] = []
        for name in names {
            let url = Self.sbottom.appendingPathComponent("patch.\(name).json")
            let values = name.split(separator: "_").dropFirst().map { Double($0)! }
            entries.append([
                "metadata": ["name": name, "values": values],
                "patch": try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            ])
        }
        let set: [String: Any] = [
            "metadata": [
                "name": "sbottom", "description": "two sbottom signals", "references": ["hepdata": "ins1748602"],
                "digests": ["sha256": String(repeating: "0", count: 64)], "labels": ["m1", "m2", "m3"]
            ],
            "patches": entries, "version": "1.0.0"
        ]
        let setPath = try write(set, named: "set.json", in: folder)
        let background = Self.sbottom.appendingPathComponent("BkgOnly.json").path
        let whole = try Binary.run(["significance", background, "--patch", setPath, "--json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try json(whole).compactMap { $0["patch"] as? String } == names)
        let one = try Binary.run(["significance", background, "--patch", "\(setPath):\(names[1])", "--json"])
        #expect(one.stdout == whole.stdout.split(separator: "\n")[1] + "\n")
        let unknown = try Binary.run(["significance", background, "--patch", "\(setPath):sbottom_1_2_3", "--json"])
        #expect(unknown.status == 2 && unknown.stdout.isEmpty && unknown.stderr.contains("sbottom_1_2_3"))
    }
}
