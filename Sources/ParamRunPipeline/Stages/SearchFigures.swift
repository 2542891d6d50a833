import Foundation
import ParamRunStats

/// A workspace's expected band and, with real observations, its observed limit and Z, from the
/// full HistFactory engine (every modifier type) and its inference.
enum SearchFigures {
    static func compute(_ workspace: HistFactoryWorkspace, observed: Bool) throws -> (
        expected: ExpectedLimit, observed: (muUp: Double, z: Double)?
    ) {
        // Until the engine lands, the one-channel model fits what it knows.
        let limit = try AsymptoticCLs.expectedUpperLimit(model: try HistFactoryModel(workspace: workspace))
        guard !observed else {
            throw StatsError.invalidWorkspace(path: "observations", reason: "observed limits need the engine")
        }
        return (limit, nil)
    }
}
