import Foundation
import Testing
@testable import ParamRunStats

/// Finite but extreme yields give an error, never `Z_A = inf` or a limit of 0 (issue 26, class 12).
@Suite struct ExtremeYieldTests {
    @Test func anInfiniteSignificanceIsAnError() {
        #expect(throws: StatsError.self) { try AsimovSignificance.z(signal: [1e308], background: [1]) }
        #expect(throws: StatsError.self) { try AsimovSignificance.z(signal: [1e300, 1e300], background: [1e-300, 1]) }
    }

    @Test func aWorkspaceYieldAboveTheCeilingIsRefusedWhereItSits() throws {
        let workspace = AsymptoticCLsTests.workspace(signal: [1e150, 1], background: [1, 1])
        let error = try #require(throws: StatsError.self) { try HistFactoryModel(workspace: workspace) }
        #expect(error.description.contains("channels[0].samples[0].data[0]"))
        #expect(error.description.contains("yields must be at most 1e+12 events"))
    }

    @Test func aSignalFarAboveTheBackgroundGivesAnErrorNotALimitOfZero() throws {
        // Inside the yield ceiling, but μ_up ~ 1e-11 is below what the limit's bracket resolves.
        let model = try HistFactoryModel(
            workspace: AsymptoticCLsTests.workspace(signal: [1e11, 1e11], background: [1, 1]))
        let error = try #require(throws: StatsError.self) { try AsymptoticCLs.expectedUpperLimit(model: model) }
        #expect(error.description.contains("μ_up must be finite and at least"))
    }

    @Test func ordinaryYieldsStillGiveALimit() throws {
        let model = try HistFactoryModel(workspace: AsymptoticCLsTests.workspace(signal: [5, 10], background: [20, 5]))
        let limit = try AsymptoticCLs.expectedUpperLimit(model: model)
        #expect(limit.median > 0 && limit.median.isFinite)
    }
}
