import Foundation
import ParamRunSupport

/// The report of a spec whose θ has conditions (a JES shift): heat maps over (mass, condition)
/// and verdicts per condition value.
extension ReportBuilder {
    /// The one condition the heat maps draw on their y axis; nil with none or several.
    var heatMapCondition: String? {
        let names = AUCThetaTable.conditionNames(evaluations.map(\.summary))
        return names.count == 1 ? names[0] : nil
    }

    func summaries(of model: String) -> [EvaluationSummary] {
        evaluations.map(\.summary).filter { $0.model == model }
    }

    /// The summary of `model` at the point of `other`.
    func summary(_ model: String, atPointOf other: EvaluationSummary) -> EvaluationSummary? {
        let point = ThetaPoint(mass: other.mass, conditions: other.conditions ?? [:])
        return summaries(of: model).first { ThetaPoint(mass: $0.mass, conditions: $0.conditions ?? [:]).same(point) }
    }

    /// AUC over (mass, condition) for each model, then the AUC of each condition-aware model minus
    /// each other model's, with the error √(σ₁² + σ₂²).
    func heatMaps() -> [(name: String, caption: String, svg: String)] {
        guard let condition = heatMapCondition else { return [] }
        var maps: [(name: String, caption: String, svg: String)] = []
        let xLabel = isToy ? "θ" : "m_X [GeV]"
        for model in models {
            var map = SVGHeatMap(title: "AUC of \(model)", xLabel: xLabel, yLabel: condition)
            map.cells = summaries(of: model).map {
                .init(x: $0.mass, y: $0.conditions?[condition] ?? 0, value: $0.auc, error: $0.aucError)
            }
            let trained = summaries(of: model).filter { $0.trainedAtPoint == true }.map {
                "(\(formatNumber($0.mass)), \(formatNumber($0.conditions?[condition] ?? 0)))"
            }
            map.note =
                trained.isEmpty ? "trained at none of these points" : "trained at \(trained.count) of these points"
            maps.append(
                (
                    "auc_heatmap_\(model).svg", "AUC of \(model) over (mass, \(condition)); errors DeLong 1σ",
                    map.render()
                ))
        }
        for aware in conditionAware where models.contains(aware) {
            for other in models where other != aware {
                var map = SVGHeatMap(title: "AUC(\(aware)) − AUC(\(other))", xLabel: xLabel, yLabel: condition)
                map.difference = true
                for a in summaries(of: aware) {
                    guard let b = summary(other, atPointOf: a) else { continue }
                    let error = a.aucError.flatMap { ea in b.aucError.map { eb in (ea * ea + eb * eb).squareRoot() } }
                    map.cells.append(
                        .init(x: a.mass, y: a.conditions?[condition] ?? 0, value: a.auc - b.auc, error: error))
                }
                map.note =
                    "σ: the two DeLong errors in quadrature; both networks judge the same events, so this overstates it"
                maps.append(
                    (
                        "auc_diff_\(aware)_minus_\(other).svg",
                        "AUC of \(aware) minus AUC of \(other) over (mass, \(condition)), in σ", map.render()
                    ))
            }
        }
        return maps
    }

    /// For each condition-aware model against each other model and each condition value: the mean
    /// AUC difference over the masses, and at how many masses it wins, agrees or loses at 2σ.
    func conditionVerdicts() -> [String] {
        guard let condition = heatMapCondition else { return [] }
        var lines: [String] = []
        for aware in conditionAware where models.contains(aware) {
            for other in models where other != aware {
                let pairs = summaries(of: aware).compactMap { a in summary(other, atPointOf: a).map { (a, $0) } }
                let values = Array(Set(pairs.map { $0.0.conditions?[condition] ?? 0 })).sorted()
                for value in values {
                    let here = pairs.filter { ($0.0.conditions?[condition] ?? 0) == value }
                    var wins = 0, losses = 0, sum = 0.0
                    for (a, b) in here {
                        let delta = a.auc - b.auc
                        sum += delta
                        let sigma = ((a.aucError ?? 0) * (a.aucError ?? 0) + (b.aucError ?? 0) * (b.aucError ?? 0))
                            .squareRoot()
                        if sigma > 0, delta > 2 * sigma {
                            wins += 1
                        } else if sigma > 0, delta < -2 * sigma {
                            losses += 1
                        }
                    }
                    lines.append(
                        "\(aware) vs \(other) at \(condition) = \(formatNumber(value)): "
                            + "mean \(String(format: "%+.4f", sum / Double(max(1, here.count)))) AUC "
                            + "over \(here.count) masses; better by > 2σ at \(wins), worse by > 2σ "
                            + "at \(losses), within 2σ at \(here.count - wins - losses)"
                    )
                }
            }
        }
        return lines
    }
}
