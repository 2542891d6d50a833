import Foundation
import ParamRunData
import ParamRunReport
import ParamRunSpec
import ParamRunStats
import ParamRunSupport

/// `histogram/<model>@<mass>`: bins an evaluation's scores into a search at one mass, writes its
/// pyhf workspace (schema 1.0.0) and bin-edge sidecar, and computes the Asimov significance and
/// the expected 95% CLs limit with its bands.
///
/// The evaluation already holds the right events: signal at this mass and every background event
/// with θ set to it. Their weights (the source's, or 1) are scaled so that each sample sums to its
/// expected yield.
package enum HistogramStage: StageDefinition {
    package static let kind = StageKind(declaring: "histogram")
    package static let workspaceFile = "workspace.json"
    package static let edgesFile = "workspace.edges.json"
    package static let figuresFile = "figures.json"

    package struct Configuration: Codable, Sendable {
        var mass: Double
        var signalYield: Double
        var backgroundYield: Double
        var bins: Int
        var strategy: BinningStrategy
        var backgroundUncertainty: Double?
    }

    package static func id(_ point: EvaluationSpec.Point) -> StageID {
        StageID(kind, "\(point.model)@\(formatNumber(point.mass))")
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        guard let statistics = spec.statistics else { return }
        for point in statistics.points {
            // The loader refuses a mass outside the signal's masses; NaN would fail the stage loudly.
            let configuration = Configuration(
                mass: point.mass, signalYield: statistics.signalYield(at: point.mass) ?? .nan,
                backgroundYield: statistics.backgroundYield, bins: statistics.bins, strategy: statistics.strategy,
                backgroundUncertainty: statistics.backgroundUncertainty)
            try plan.add(id(point), inputs: [EvaluateStage.id(point)], configuration: configuration)
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        let folder = try context.inputFolder(0)
        let scores = try NPYFile.read(folder.appendingPathComponent(EvaluationFiles.scores)).values
        let labels = try NPYFile.read(folder.appendingPathComponent(EvaluationFiles.labels)).values
        let weightsURL = folder.appendingPathComponent(EvaluationFiles.weights)
        let weights =
            FileManager.default.fileExists(atPath: weightsURL.path) ? try NPYFile.read(weightsURL).values : nil
        guard labels.count == scores.count, weights.map({ $0.count == scores.count }) ?? true else {
            throw context.failure(
                "the evaluation's scores, labels and weights differ in length "
                    + "(\(scores.count), \(labels.count), \(weights?.count ?? scores.count))"
            )
        }
        var signal: (scores: [Double], weights: [Double]) = ([], [])
        var background: (scores: [Double], weights: [Double]) = ([], [])
        for i in scores.indices {
            let w = Double(weights?[i] ?? 1)
            if labels[i] > 0.5 {
                signal.scores.append(Double(scores[i]))
                signal.weights.append(w)
            } else {
                background.scores.append(Double(scores[i]))
                background.weights.append(w)
            }
        }
        let model = String(context.stage.id.name.split(separator: "@").first ?? "")
        let subject = "model '\(model)' at \(formatNumber(c.mass))"
        let histogram: Histogram
        do {
            histogram = try Histogram.build(
                signalScores: signal.scores,
                signalWeights: try scaled(signal.weights, to: c.signalYield, "signal", subject, context),
                backgroundScores: background.scores,
                backgroundWeights: try scaled(
                    background.weights, to: c.backgroundYield, "background", subject, context),
                bins: c.bins, strategy: c.strategy)
        } catch let error as StatsError {
            if case let .tooFewEvents(sample, have, needed) = error {
                throw context.failure(
                    "\(subject): the test data has \(signal.scores.count) signal and "
                        + "\(background.scores.count) background events (\(have) \(sample) events with positive "
                        + "weight), too few for the \(needed) bins statistics.binning asks for; ask for fewer bins "
                        + "or more test events"
                )
            }
            throw context.failure("\(subject): \(error)")
        }
        let row: LimitsTable.Row
        var workspace: HistFactoryWorkspace
        do {
            workspace = try HistFactoryWorkspace.search(
                histogram: histogram, backgroundNormUncertainty: c.backgroundUncertainty)
            let limit = try AsymptoticCLs.expectedUpperLimit(model: try HistFactoryModel(workspace: workspace))
            // pyhf's upper_limit brackets its root within mu's bounds: state bounds that hold +2σ.
            workspace = try HistFactoryWorkspace.search(
                histogram: histogram, backgroundNormUncertainty: c.backgroundUncertainty,
                poiUpperBound: HistFactoryWorkspace.poiUpperBound(covering: limit))
            row = LimitsTable.Row(
                model: model, mass: c.mass, zAsimov: try AsimovSignificance.z(histogram), muUp: limit.median,
                muUpMinus2: limit.minus2, muUpMinus1: limit.minus1, muUpPlus1: limit.plus1, muUpPlus2: limit.plus2)
        } catch {
            throw context.failure("\(subject): \(error)")
        }
        let out = context.workspace
        try AtomicFile.write(try workspace.jsonData(), to: out.appendingPathComponent(workspaceFile))
        try AtomicFile.write(
            try BinEdgesSidecar(channel: "score", histogram: histogram).jsonData(),
            to: out.appendingPathComponent(edgesFile))
        try JSONCoding.write(row, to: out.appendingPathComponent(figuresFile))
        context.message(
            String(
                format: "%d bins, s = %.4g, b = %.4g: Z_A %.3f, expected μ_up %.4g [%.4g, %.4g]",
                histogram.binCount, c.signalYield, c.backgroundYield, row.zAsimov, row.muUp, row.muUpMinus1,
                row.muUpPlus1))
    }

    /// Weights scaled so they sum to `yield`.
    static func scaled(
        _ weights: [Double], to yield: Double, _ sample: String, _ subject: String, _ context: StageContext
    ) throws -> [Double] {
        guard yield.isFinite, yield > 0 else {
            throw context.failure("\(subject): the expected \(sample) yield is \(yield), not a positive number")
        }
        let total = weights.reduce(0, +)
        guard total > 0, total.isFinite else {
            throw context.failure(
                "\(subject): the \(weights.count) \(sample) events' weights sum to \(total), "
                    + "so they cannot be scaled to a yield"
            )
        }
        return weights.map { $0 * yield / total }
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        let name = stage.id.name.replacingOccurrences(of: "@", with: "_")
        return [
            Publication(workspaceFile, to: "workspaces/\(name).json"),
            Publication(edgesFile, to: "workspaces/\(name).edges.json")
        ]
    }
}

extension StageKind {
    /// `histogram` stages (HistogramStage).
    public static let histogram = HistogramStage.kind
}
