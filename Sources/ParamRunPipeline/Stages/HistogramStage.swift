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
        /// The `histosys` names, in input order: inputs 1 + 2k and 2 + 2k are systematic k's
        /// evaluations at +1σ and −1σ. Nil without systematics, so older keys stay as they were.
        var systematics: [String]?
        /// The `lumi` modifier's relative uncertainty, nil for none.
        var lumiUncertainty: Double?
        /// Whether the last two inputs are the network (train) and the pseudo-data (observe),
        /// scored here into the observation; nil for the Asimov observation.
        var observed: Bool?
    }

    package static func id(_ point: EvaluationSpec.Point) -> StageID {
        StageID(kind, "\(point.model)@\(formatNumber(point.mass))")
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        guard let statistics = spec.statistics else { return }
        for point in statistics.points {
            var inputs = [EvaluateStage.id(point)]
            for systematic in statistics.systematics {
                for up in [true, false] {
                    var conditions = point.conditions
                    conditions[systematic.condition] = systematic.shifted(up: up)
                    // The evaluation as the spec wrote its θ, so its stage name is the one planned.
                    let shifted =
                        spec.evaluation.points.first {
                            $0.model == point.model && $0.data == point.data && Mass.same($0.mass, point.mass)
                                && ThetaPoint.sameConditions($0.conditions, conditions)
                        }
                        ?? EvaluationSpec.Point(
                            model: point.model, mass: point.mass, data: point.data, conditions: conditions)
                    inputs.append(EvaluateStage.id(shifted))
                }
            }
            if statistics.observed != nil {
                inputs += [StageID(TrainStage.kind, point.model), ObserveStage.id(spec)]
            }
            // The loader refuses a mass outside the signal's masses; NaN would fail the stage loudly.
            let configuration = Configuration(
                mass: point.mass, signalYield: statistics.signalYield(at: point.mass) ?? .nan,
                backgroundYield: statistics.backgroundYield, bins: statistics.bins, strategy: statistics.strategy,
                backgroundUncertainty: statistics.backgroundUncertainty,
                systematics: statistics.systematics.isEmpty ? nil : statistics.systematics.map(\.condition),
                lumiUncertainty: statistics.lumiUncertainty, observed: statistics.observed == nil ? nil : true)
            try plan.add(id(point), inputs: inputs, configuration: configuration)
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        let model = String(context.stage.id.name.split(separator: "@").first ?? "")
        let subject = "model '\(model)' at \(formatNumber(c.mass))"
        let nominal = try samples(in: context.inputFolder(0), c, subject, context)
        let nominalHistogram: Histogram
        do {
            nominalHistogram = try Histogram.build(
                signalScores: nominal.signal.scores, signalWeights: nominal.signal.weights,
                backgroundScores: nominal.background.scores, backgroundWeights: nominal.background.weights,
                bins: c.bins, strategy: c.strategy)
        } catch let error as StatsError {
            if case let .tooFewEvents(sample, have, needed) = error {
                throw context.failure(
                    "\(subject): the test data has \(nominal.signal.scores.count) signal and "
                        + "\(nominal.background.scores.count) background events (\(have) \(sample) events with "
                        + "positive weight), too few for the \(needed) bins statistics.binning asks for; ask for fewer "
                        + "bins or more test events"
                )
            }
            throw context.failure("\(subject): \(error)")
        }
        var shapes: [HistFactoryWorkspace.ShapeSystematic] = []
        for (k, name) in (c.systematics ?? []).enumerated() {
            let up = try samples(in: context.inputFolder(1 + 2 * k), c, "\(subject), \(name) +1σ", context)
            let down = try samples(in: context.inputFolder(2 + 2 * k), c, "\(subject), \(name) −1σ", context)
            shapes.append(
                .init(
                    name: name, signalHi: binned(up.signal, nominalHistogram.edges),
                    signalLo: binned(down.signal, nominalHistogram.edges),
                    backgroundHi: binned(up.background, nominalHistogram.edges),
                    backgroundLo: binned(down.background, nominalHistogram.edges)))
        }
        // Without systematics nothing merges: the histogram is the one built above.
        let (histogram, shifted) = merged(nominalHistogram, shapes)
        let observed = try c.observed == true ? observation(c, histogram: histogram, context) : nil
        let (workspace, row) = try search(
            c, model: model, histogram: histogram, shapes: shifted, observed: observed, subject: subject, context)
        let out = context.workspace
        try AtomicFile.write(try workspace.jsonData(), to: out.appendingPathComponent(workspaceFile))
        try AtomicFile.write(
            try BinEdgesSidecar(channel: "score", histogram: histogram).jsonData(),
            to: out.appendingPathComponent(edgesFile))
        try JSONCoding.write(row, to: out.appendingPathComponent(figuresFile))
        var message = String(
            format: "%d bins, s = %.4g, b = %.4g: Z_A %.3f, expected μ_up %.4g [%.4g, %.4g]",
            histogram.binCount, c.signalYield, c.backgroundYield, row.zAsimov, row.muUp, row.muUpMinus1,
            row.muUpPlus1)
        if let mu = row.muUpObserved, let z = row.zObserved {
            message += String(format: "; observed μ_up %.4g, Z %.3f", mu, z)
        }
        context.message(message)
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
