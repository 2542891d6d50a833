import Foundation
import ParamRunData
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// `report/<spec>`: the AUC table, the plots and `report.md`/`report.html` over every evaluation,
/// with expected limits and significance on top when the spec has a `statistics:` block.
package enum ReportStage: StageDefinition {
    package static let kind = StageKind(declaring: "report")

    package struct Configuration: Codable, Sendable {
        var name: String
        /// Every evaluated point, its fields named in ``Point``.
        var points: [Point]
        var outputs: [EvaluationSpec.Output]
        /// The sweep each evaluated model came from: the AUC plot draws a sweep as one series.
        var sweeps: [String: String]
        /// The spec as written, which the report shows. It is part of the key, so editing a
        /// comment re-renders the report (from cached results, in well under a second) and
        /// nothing else: every other stage's configuration holds meaning only. Hashing the
        /// meaning while showing the text would let one cached report show another spec's
        /// comments, breaking "equal keys, equal bytes".
        var specText: String
        /// The models that take θ conditions as inputs; nil when θ is the mass alone.
        var conditionAware: [String]?
    }

    /// One evaluated point as the report's key holds it: the fields named here, and no others.
    struct Point: Codable, Sendable {
        var model: String
        var mass: Double
        var data: String
        var conditions: [String: Double]

        init(_ p: EvaluationSpec.Point) {
            (model, mass, data, conditions) = (p.model, p.mass, p.data, p.conditions)
        }
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        let models = spec.evaluatedModels
        // The limits table comes last among the inputs, and only with a statistics block.
        let inputs =
            plan.stages(of: EvaluateStage.kind) + plan.stages(of: LimitsStage.kind)
            + plan.stages(of: SmoothnessStage.kind)
        try plan.add(
            StageID(kind, spec.name), inputs: inputs,
            configuration: Configuration(
                name: spec.name, points: spec.evaluation.points.map(Point.init), outputs: spec.evaluation.outputs,
                sweeps: Dictionary(uniqueKeysWithValues: models.compactMap { m in m.sweep.map { (m.name, $0) } }),
                specText: spec.text,
                conditionAware: spec.conditionNames.isEmpty
                    ? nil : models.filter { $0.kind == .parameterized && !$0.conditionInputs.isEmpty }.map(\.name)))
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        var evaluations: [ReportBuilder.Evaluation] = []
        for input in context.stage.inputs where input.kind == EvaluateStage.kind {
            let folder = try context.folder(of: input)
            let url = folder.appendingPathComponent(EvaluationFiles.auc)
            let summary: EvaluationSummary
            do {
                summary = try JSONCoding.read(EvaluationSummary.self, from: url)
            } catch {
                throw context.failure("\(url.path): cannot read the evaluation of \(input): \(error)")
            }
            evaluations.append(.init(summary: summary, folder: folder))
        }
        // Timings are those of the run that made the results, read from the store's metadata.
        let timings = context.graph.stages.compactMap { other -> ReportBuilder.Timing? in
            guard other.id != context.stage.id, let meta = try? context.store.metadata(for: other.key) else {
                return nil
            }
            return .init(
                stage: meta.id, seconds: meta.finished.timeIntervalSince(meta.started), threads: meta.threads,
                blas: meta.blas)
        }
        var limits: [LimitsTable.Row] = []
        for input in context.stage.inputs where input.kind == LimitsStage.kind {
            let url = try context.folder(of: input).appendingPathComponent(LimitsTable.fileName)
            do {
                limits += try LimitsTable.parse(try String(contentsOf: url, encoding: .utf8))
            } catch {
                throw context.failure("\(url.path): cannot read the limits of \(input): \(error)")
            }
        }
        var smoothness: [SmoothnessSummary] = []
        for input in context.stage.inputs where input.kind == SmoothnessStage.kind {
            let url = try context.folder(of: input).appendingPathComponent(SmoothnessStage.summaryFile)
            do {
                smoothness.append(try JSONCoding.read(SmoothnessSummary.self, from: url))
            } catch {
                throw context.failure("\(url.path): cannot read the smoothness check of \(input): \(error)")
            }
        }
        var builder = ReportBuilder(
            title: "paramrun report: \(c.name)", specText: c.specText,
            evaluations: evaluations, timings: timings)
        builder.limits = limits
        builder.smoothness = smoothness
        builder.sweeps = c.sweeps
        builder.featureLabels = EventSources.featureLabels
        builder.conditionAware = c.conditionAware ?? []
        builder.includePlots = c.outputs.contains(.plots)
        builder.includeDocuments = c.outputs.contains(.report)
        try builder.write(to: context.workspace)
        try JSONCoding.write(
            evaluations.map(\.summary), to: context.workspace.appendingPathComponent("evaluations.json"))
    }

    /// Every file the report wrote, at the same relative path.
    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return name != ArtifactStore.metadataFile && !isDirectory.boolValue
        }.map { Publication($0, to: $0) }
    }
}

extension StageKind {
    /// `report` stages (ReportStage).
    public static let report = ReportStage.kind
}
