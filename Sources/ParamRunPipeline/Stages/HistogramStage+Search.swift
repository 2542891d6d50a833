import Foundation
import ParamRunReport
import ParamRunStats

/// The histograms as a search: the pyhf workspace and the figures of `limits.csv`.
extension HistogramStage {
    /// The workspace and its figures. A search with no observation, systematic or lumi is fitted as
    /// it always was (one channel, Asimov observation), so its workspace and figures keep their
    /// bytes; anything more goes to the full engine, with observed figures when data are given.
    static func search(
        _ c: Configuration, model: String, histogram: Histogram, shapes: [HistFactoryWorkspace.ShapeSystematic],
        observed: [Double]?, subject: String, _ context: StageContext
    ) throws -> (HistFactoryWorkspace, LimitsTable.Row) {
        do {
            func workspace(upper: Double) throws -> HistFactoryWorkspace {
                try HistFactoryWorkspace.search(
                    histogram: histogram, backgroundNormUncertainty: c.backgroundUncertainty, poiUpperBound: upper,
                    observed: observed, shapeSystematics: shapes, lumiUncertainty: c.lumiUncertainty)
            }
            let zAsimov = try AsimovSignificance.z(histogram)
            guard observed != nil || !shapes.isEmpty || c.lumiUncertainty != nil else {
                let limit = try AsymptoticCLs.expectedUpperLimit(
                    model: try HistFactoryModel(workspace: workspace(upper: 10)))
                // pyhf's upper_limit brackets its root within mu's bounds: state bounds that hold +2σ.
                let final = try workspace(upper: HistFactoryWorkspace.poiUpperBound(covering: limit))
                return (final, row(model, c.mass, zAsimov, limit, observed: nil))
            }
            let figures = try SearchFigures.compute(try workspace(upper: 10), observed: observed != nil)
            let final = try workspace(upper: HistFactoryWorkspace.poiUpperBound(covering: figures.expected))
            return (final, row(model, c.mass, zAsimov, figures.expected, observed: figures.observed))
        } catch {
            throw context.failure("\(subject): \(error)")
        }
    }

    static func row(
        _ model: String, _ mass: Double, _ zAsimov: Double, _ limit: ExpectedLimit,
        observed: (muUp: Double, z: Double)?
    ) -> LimitsTable.Row {
        var row = LimitsTable.Row(
            model: model, mass: mass, zAsimov: zAsimov, muUp: limit.median, muUpMinus2: limit.minus2,
            muUpMinus1: limit.minus1, muUpPlus1: limit.plus1, muUpPlus2: limit.plus2)
        row.muUpObserved = observed?.muUp
        row.zObserved = observed?.z
        return row
    }
}
