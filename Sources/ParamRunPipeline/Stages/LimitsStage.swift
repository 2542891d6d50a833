import Foundation
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// `limits/<spec>`: every histogram stage's significance and expected limit in one
/// `limits.csv`, one row per model and mass.
package enum LimitsStage: StageDefinition {
    package static let kind = StageKind(declaring: "limits")

    /// The table is a pure function of its inputs' figures; the version names its format.
    package struct Configuration: Codable, Sendable {
        var table: String = LimitsTable.header
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        let inputs = plan.stages(of: HistogramStage.kind)
        guard spec.statistics != nil, !inputs.isEmpty else { return }
        try plan.add(StageID(kind, spec.name), inputs: inputs, configuration: Configuration())
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        var rows: [LimitsTable.Row] = []
        for input in context.stage.inputs {
            let url = try context.folder(of: input).appendingPathComponent(HistogramStage.figuresFile)
            do {
                rows.append(try JSONCoding.read(LimitsTable.Row.self, from: url))
            } catch {
                throw context.failure("\(url.path): cannot read the figures of \(input): \(error)")
            }
        }
        try AtomicFile.write(LimitsTable.csv(rows), to: context.workspace.appendingPathComponent(LimitsTable.fileName))
        context.message("\(rows.count) expected limits")
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        [Publication(LimitsTable.fileName, to: LimitsTable.fileName)]
    }
}

extension StageKind {
    /// `limits` stages (LimitsStage).
    public static let limits = LimitsStage.kind
}
