// Writes seeded random search workspaces and paramrun's own figures for them, so the interop
// check can compare pyhf's limits with ours before the statistics run inside the pipeline.
//
// usage: stats-fixture OUTPUT_DIR [SEED]
// writes OUTPUT_DIR/<name>.json, OUTPUT_DIR/<name>.edges.json and OUTPUT_DIR/limits.csv.
import Foundation
import ParamRunStats
import ParamRunSupport

struct Case {
    let bins: Int
    let strategy: BinningStrategy
    let backgroundEvents: Int
    let backgroundYield: Double
    let normsys: Double?
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stats-fixture: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 2 || arguments.count == 3 else { fail("usage: stats-fixture OUTPUT_DIR [SEED]") }
let output = URL(fileURLWithPath: arguments[1], isDirectory: true)
guard let seed = arguments.count == 3 ? UInt64(arguments[2]) : 13 else { fail("SEED must be an unsigned integer") }
do {
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
} catch { fail("cannot create \(output.path): \(error.localizedDescription)") }

var rng = SeededGenerator(seed: seed)
var cases: [Case] = []
// A handful of workspaces, each with and without a 10% normalisation uncertainty: one, three and
// five bins, from few MC events (large staterror) to many, one binning strategy each.
// pyhf's limits are slow (seconds each), so the interop suite keeps to these and few bins.
for (index, (bins, events, yield)) in [(1, 60, 25.0), (3, 400, 800.0), (5, 5000, 20000.0)].enumerated() {
    let strategy = BinningStrategy.allCases[index % BinningStrategy.allCases.count]
    for normsys in [nil, 0.1] as [Double?] {
        cases.append(Case(bins: bins, strategy: strategy, backgroundEvents: events, backgroundYield: yield, normsys: normsys))
    }
}

var csv = "workspace,bins,strategy,normsys,signal_yield,background_yield,z_asimov,mu_up,mu_up_minus2,mu_up_minus1,mu_up_plus1,mu_up_plus2,seconds_per_limit\n"
func format(_ x: Double) -> String { String(format: "%.10g", x) }
for (k, c) in cases.enumerated() {
    // Background piles up at low score (u²), signal at high score (1 − u²); weights jitter ±50%
    // around yield/events so sums of squares differ from plain counts.
    var bScores: [Double] = [], bWeights: [Double] = [], sScores: [Double] = [], sWeights: [Double] = []
    for _ in 0..<c.backgroundEvents {
        let u = rng.nextUniform()
        bScores.append(u * u)
        bWeights.append(c.backgroundYield / Double(c.backgroundEvents) * (0.5 + rng.nextUniform()))
    }
    let signalEvents = max(c.bins * 4, c.backgroundEvents / 2)
    let signalYield = (1 + 5 * rng.nextUniform()) * c.backgroundYield.squareRoot()
    for _ in 0..<signalEvents {
        let u = rng.nextUniform()
        sScores.append(1 - u * u)
        sWeights.append(signalYield / Double(signalEvents) * (0.5 + rng.nextUniform()))
    }
    let name = String(format: "ws%02d_b%d_%@_%@", k, c.bins, c.strategy.rawValue, c.normsys == nil ? "stat" : "norm10")
    do {
        let histogram = try Histogram.build(signalScores: sScores, signalWeights: sWeights,
                                            backgroundScores: bScores, backgroundWeights: bWeights,
                                            bins: c.bins, strategy: c.strategy)
        var workspace = try HistFactoryWorkspace.search(histogram: histogram, backgroundNormUncertainty: c.normsys)
        let started = Date()
        let limit = try AsymptoticCLs.expectedUpperLimit(model: try HistFactoryModel(workspace: workspace))
        let seconds = Date().timeIntervalSince(started)
        // Widen mu's range when the band reaches past pyhf's default bound of 10.
        workspace = try HistFactoryWorkspace.search(histogram: histogram, backgroundNormUncertainty: c.normsys,
                                                    poiUpperBound: HistFactoryWorkspace.poiUpperBound(covering: limit))
        let z = try AsimovSignificance.z(histogram)
        try workspace.jsonData().write(to: output.appendingPathComponent("\(name).json"))
        try BinEdgesSidecar(channel: workspace.channels[0].name, histogram: histogram).jsonData()
            .write(to: output.appendingPathComponent("\(name).edges.json"))
        let row: [String] = [name, String(histogram.binCount), c.strategy.rawValue, c.normsys.map(format) ?? "",
                             format(histogram.signalSumW.reduce(0, +)), format(histogram.backgroundSumW.reduce(0, +)),
                             format(z), format(limit.median), format(limit.minus2), format(limit.minus1),
                             format(limit.plus1), format(limit.plus2), format(seconds)]
        csv += row.joined(separator: ",") + "\n"
    } catch {
        fail("\(name): \(error)")
    }
}
do {
    try Data(csv.utf8).write(to: output.appendingPathComponent("limits.csv"))
} catch { fail("cannot write limits.csv: \(error.localizedDescription)") }
print("stats-fixture: wrote \(cases.count) workspaces and limits.csv to \(output.path)")
