import ArgumentParser
import Foundation
import ParamRunStats
import ParamRunSupport

/// Writes seeded random search workspaces and paramrun's own figures for them, so the interop
/// check can compare pyhf's limits with ours before the statistics run inside the pipeline.
struct StatsFixture: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats-fixture",
        abstract: "Writes OUTPUT_DIR/<name>.json, OUTPUT_DIR/<name>.edges.json and OUTPUT_DIR/limits.csv."
    )

    @Argument(help: "The folder to write into.")
    var output: String

    @Argument(help: "The seed of every draw.")
    var seed: UInt64 = 13

    struct Case {
        let bins: Int
        let strategy: BinningStrategy
        let backgroundEvents: Int
        let backgroundYield: Double
        let normsys: Double?
    }

    /// A workspace that could not be built, named.
    struct Failure: Error, CustomStringConvertible {
        let workspace: String
        let reason: any Error
        var description: String { "\(workspace): \(reason)" }
    }

    static let header =
        "workspace,bins,strategy,normsys,signal_yield,background_yield,z_asimov,mu_up,"
        + "mu_up_minus2,mu_up_minus1,mu_up_plus1,mu_up_plus2,seconds_per_limit\n"

    /// A handful of workspaces, each with and without a 10% normalisation uncertainty: one, three
    /// and five bins, from few MC events (large staterror) to many, one binning strategy each.
    /// pyhf's limits are slow (seconds each), so the interop suite keeps to these and few bins.
    static var cases: [Case] {
        var cases: [Case] = []
        for (index, (bins, events, yield)) in [(1, 60, 25.0), (3, 400, 800.0), (5, 5000, 20000.0)].enumerated() {
            let strategy = BinningStrategy.allCases[index % BinningStrategy.allCases.count]
            for normsys in [nil, 0.1] as [Double?] {
                cases.append(
                    Case(
                        bins: bins, strategy: strategy, backgroundEvents: events, backgroundYield: yield,
                        normsys: normsys))
            }
        }
        return cases
    }

    func run() throws {
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: seed)
        var csv = Self.header
        let cases = Self.cases
        for (k, c) in cases.enumerated() {
            let name = String(
                format: "ws%02d_b%d_%@_%@", k, c.bins, c.strategy.rawValue,
                c.normsys == nil ? "stat" : "norm10")
            do {
                csv += try Self.write(c, named: name, drawingFrom: &rng, into: folder).joined(separator: ",") + "\n"
            } catch {
                throw Failure(workspace: name, reason: error)
            }
        }
        try Data(csv.utf8).write(to: folder.appendingPathComponent("limits.csv"))
        print("stats-fixture: wrote \(cases.count) workspaces and limits.csv to \(folder.path)")
    }

    /// Draws one case's events, writes its workspace and bin edges, and returns its `limits.csv` row.
    static func write(
        _ c: Case, named name: String, drawingFrom rng: inout SeededGenerator,
        into folder: URL
    ) throws -> [String] {
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
        let histogram = try Histogram.build(
            signalScores: sScores, signalWeights: sWeights,
            backgroundScores: bScores, backgroundWeights: bWeights,
            bins: c.bins, strategy: c.strategy)
        var workspace = try HistFactoryWorkspace.search(histogram: histogram, backgroundNormUncertainty: c.normsys)
        let started = Date()
        let limit = try AsymptoticCLs.expectedUpperLimit(model: try HistFactoryModel(workspace: workspace))
        let seconds = Date().timeIntervalSince(started)
        // Widen mu's range when the band reaches past pyhf's default bound of 10.
        workspace = try HistFactoryWorkspace.search(
            histogram: histogram, backgroundNormUncertainty: c.normsys,
            poiUpperBound: HistFactoryWorkspace.poiUpperBound(covering: limit))
        let z = try AsimovSignificance.z(histogram)
        try workspace.jsonData().write(to: folder.appendingPathComponent("\(name).json"))
        try BinEdgesSidecar(channel: workspace.channels[0].name, histogram: histogram).jsonData()
            .write(to: folder.appendingPathComponent("\(name).edges.json"))
        func format(_ x: Double) -> String { String(format: "%.10g", x) }
        return [
            name, String(histogram.binCount), c.strategy.rawValue, c.normsys.map(format) ?? "",
            format(histogram.signalSumW.reduce(0, +)), format(histogram.backgroundSumW.reduce(0, +)),
            format(z), format(limit.median), format(limit.minus2), format(limit.minus1),
            format(limit.plus1), format(limit.plus2), format(seconds)
        ]
    }
}
