import Foundation
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// `limits/<spec>`: every histogram stage's significance and expected limit (and observed limit and
/// Z, with observed data) in one `limits.csv`, one row per model and mass.
package enum LimitsStage: StageDefinition {
    package static let kind = StageKind(declaring: "limits")

    /// The table is a pure function of its inputs' figures; the version names its format.
    package struct Configuration: Codable, Sendable {
        var table: String = LimitsTable.header
        /// The header with the observed columns when the spec has observed data; nil otherwise, so
        /// a search without data keeps its key.
        var observedTable: String?
    }

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        let inputs = plan.stages(of: HistogramStage.kind)
        guard spec.statistics != nil, !inputs.isEmpty else { return }
        try plan.add(
            StageID(kind, spec.name), inputs: inputs,
            configuration: Configuration(
                observedTable: spec.statistics?.observed == nil ? nil : LimitsTable.observedHeader))
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
        let observed = rows.filter { $0.muUpObserved != nil }.count
        context.message("\(rows.count) expected limits" + (observed > 0 ? ", \(observed) observed" : ""))
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        [Publication(LimitsTable.fileName, to: LimitsTable.fileName)]
    }
}

extension StageKind {
    /// `limits` stages (LimitsStage).
    public static let limits = LimitsStage.kind
}
