import Foundation
import ParamRunSupport

/// One row per model and θ point, one column per θ component: the table of a spec whose θ has
/// conditions (`outputs/<spec>/auc_vs_theta.csv`). Specs whose θ is the mass alone keep
/// ``AUCTable``'s `auc_vs_mass.csv`.
package enum AUCThetaTable {
    package static let fileName = "auc_vs_theta.csv"

    /// The condition names the summaries carry, sorted, for the columns after `mass`.
    package static func conditionNames(_ summaries: [EvaluationSummary]) -> [String] {
        Array(Set(summaries.flatMap { ($0.conditions ?? [:]).keys })).sorted()
    }

    package static func csv(_ summaries: [EvaluationSummary]) -> String {
        let names = conditionNames(summaries)
        var csv =
            (["model", "type", "mass"] + names + ["auc", "auc_err", "n_signal", "n_background", "trained_at_point"])
            .joined(separator: ",") + "\n"
        for s in summaries.sorted(by: order) {
            let conditions = names.map { name in s.conditions?[name].map(formatNumber) ?? "" }
            let row =
                [s.model, s.type, formatNumber(s.mass)] + conditions + [
                    String(format: "%.6f", s.auc), s.aucError.map { String(format: "%.6f", $0) } ?? "",
                    "\(s.nSignal)", "\(s.nBackground)", "\(s.trainedAtPoint ?? s.trainedAtMass)"
                ]
            csv += row.joined(separator: ",") + "\n"
        }
        return csv
    }

    /// By model, then mass, then each condition in name order.
    static func order(_ a: EvaluationSummary, _ b: EvaluationSummary) -> Bool {
        if a.model != b.model { return a.model < b.model }
        if a.mass != b.mass { return a.mass < b.mass }
        let keys = Array(Set((a.conditions ?? [:]).keys).union((b.conditions ?? [:]).keys)).sorted()
        for key in keys where a.conditions?[key] != b.conditions?[key] {
            return (a.conditions?[key] ?? -.infinity) < (b.conditions?[key] ?? -.infinity)
        }
        return false
    }
}
