import Foundation
import ParamRunStats

/// A workspace's expected band and, with real observations, its observed limit and Z: the full
/// HistFactory model (every modifier type) and its asymptotic calculator, as pyhf computes them.
enum SearchFigures {
    /// The expected 95% CLs band and, when `observed`, the observed limit and √q₀ on the
    /// workspace's observations. Without observations the band is the one ``AsymptoticCLs`` gives.
    static func compute(_ workspace: HistFactoryWorkspace, observed: Bool) throws -> (
        expected: ExpectedLimit, observed: (muUp: Double, z: Double)?
    ) {
        let model = try HistFactoryModel(workspace: workspace)
        guard observed else { return (try AsymptoticCLs.expectedUpperLimit(model: model), nil) }
        let summary = try AsymptoticCalculator(model: model).searchSummary(cl: 0.95)
        return (summary.upperLimit.expected, (summary.upperLimit.observed, summary.discovery.zObserved))
    }
}
