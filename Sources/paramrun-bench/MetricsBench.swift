import ArgumentParser
import Foundation
import ParamRunMetrics
import ParamRunSupport

/// AUC of 10^7 float32 scores (issue 6): paramrun here, scikit-learn on the same scores in
/// bench/metrics_sklearn.py, which reads the .npy files and the timings this writes.
struct MetricsBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "AUC of many float32 scores.")

    @Option(name: .customLong("n"), help: "Scores to rank (at least 4).")
    var count = 10_000_000

    @Option(name: .customLong("repeat"), help: "Timed repeats (at least 1).")
    var repeats = 5

    @Option(name: .customLong("out"), help: "Where the .npy files and paramrun.json go.")
    var outDirectory = "outputs/bench-metrics"

    func validate() throws {
        guard count >= 4, repeats >= 1 else { throw ValidationError("--n needs at least 4 and --repeat at least 1") }
    }

    func run() {

        let (scores, labels) = Self.makeScores(count: count)
        let out = URL(fileURLWithPath: outDirectory)
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Self.writeNpy(scores, to: out.appendingPathComponent("scores.npy"))
            try Self.writeNpy(labels, to: out.appendingPathComponent("labels.npy"))

            var bare = AUCResult(auc: 0, standardError: nil, nSignal: 0, nBackground: 0)
            var full = bare
            // Alternating the two keeps load from the rest of the machine from favouring either.
            var bareTimes: [Double] = [], fullTimes: [Double] = []
            for _ in 0..<repeats {
                bareTimes.append(
                    try Self.seconds {
                        bare = try Metrics.auc(scores: scores, labels: labels, standardError: false)
                    })
                fullTimes.append(try Self.seconds { full = try Metrics.auc(scores: scores, labels: labels) })
            }
            var roc: ROCCurve?
            let rocTime = try Self.seconds { roc = try Metrics.roc(scores: scores, labels: labels) }

            let report: [String: Any] = [
                "n": count, "repeats": repeats,
                "auc": full.auc, "standard_error": full.standardError ?? Double.nan,
                "auc_seconds_median": Self.median(bareTimes), "auc_se_seconds_median": Self.median(fullTimes),
                "auc_seconds_min": bareTimes.min()!, "auc_se_seconds_min": fullTimes.min()!,
                "roc_seconds": rocTime, "roc_points": roc?.thresholds.count ?? 0
            ]
            let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            try json.write(to: out.appendingPathComponent("paramrun.json"))
            precondition(bare.auc == full.auc)
            print(
                String(
                    format:
                        "paramrun AUC of %d float32 scores: %.4f s (median of %d, min %.4f), "
                        + "with DeLong SE %.4f s (min %.4f); AUC %.6f ± %.6f",
                    count, Self.median(bareTimes), repeats, bareTimes.min()!, Self.median(fullTimes),
                    fullTimes.min()!,
                    full.auc, full.standardError ?? .nan))
            print(String(format: "paramrun full ROC (%d points): %.4f s", roc?.thresholds.count ?? 0, rocTime))
        } catch {
            FileHandle.standardError.write("metrics bench: \(error)\n".data(using: .utf8)!)
            Foundation.exit(1)
        }
    }

    /// Half signal (even events), half background, scores in [0, 1] like a sigmoid output.
    /// A fixed seed makes every run rank the same scores.
    static func makeScores(count: Int) -> ([Float], [Float]) {
        var rng = SeededGenerator(seed: 0x5EED_0006)
        var scores = [Float](repeating: 0, count: count)
        var labels = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let u = Float(rng.next() >> 40) * 0x1p-24
            let signal = i % 2 == 0
            scores[i] = signal ? u.squareRoot() : 1 - u.squareRoot()
            labels[i] = signal ? 1 : 0
        }
        return (scores, labels)
    }

    /// NumPy format 1.0: magic, version, little-endian header length, then a dict padded to 64 bytes.
    static func writeNpy(_ values: [Float], to url: URL) throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(values.count),), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { data.append(contentsOf: $0) } // x86-64 and arm64 are little-endian
        try data.write(to: url)
    }

    private static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
