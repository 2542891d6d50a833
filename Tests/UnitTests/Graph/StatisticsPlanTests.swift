import Foundation
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

@Suite struct StatisticsPlanTests {
    static let statistics = """

        statistics:
          signal: {yield: {500: 40, 1500: 10}}
          background: {yield: 500}
          binning: {bins: 4, strategy: flat-signal}
          background_uncertainty: 0.1
        """

    func graph(_ text: String) throws -> StageGraph {
        try Planner.plan(try SpecLoader.load(text: text, file: "k.yaml"))
    }

    @Test func withoutTheBlockNoStatisticsStageIsPlannedAndTheReportReadsOnlyEvaluations() throws {
        let plain = try graph(PlannerTests.spec)
        #expect(!plain.stages.contains { $0.id.kind == .histogram || $0.id.kind == .limits })
        let report = try #require(plain[StageID(.report, "keys")])
        #expect(report.inputs.allSatisfy { $0.kind == .evaluate })
        #expect(!report.configuration.contains("statistics"))
    }

    @Test func theBlockAddsHistogramsAndLimitsAndChangesNoOtherStagesKey() throws {
        let plain = try graph(PlannerTests.spec)
        let withStats = try graph(PlannerTests.spec + Self.statistics)
        let histograms = withStats.stages.filter { $0.id.kind == .histogram }.map(\.id.description)
        #expect(
            histograms == [
                "histogram/fixed@1000", "histogram/fixed@1500", "histogram/param@1000", "histogram/param@1500"
            ])
        #expect(withStats[StageID(.histogram, "param@1000")]?.inputs == [StageID(.evaluate, "param@1000")])
        #expect(withStats[StageID(.limits, "keys")]?.inputs.count == 4)
        #expect(withStats[StageID(.report, "keys")]?.inputs.last == StageID(.limits, "keys"))
        for stage in plain.stages where stage.id.kind != .report {
            #expect(withStats[stage.id]?.key == stage.key, "\(stage.id)")
        }
    }

    @Test func theHistogramConfigurationCarriesTheInterpolatedYieldAndChangesWithTheBinning() throws {
        let one = try graph(PlannerTests.spec + Self.statistics)
        let configuration = try #require(one[StageID(.histogram, "param@1000")]?.configuration)
        // 1000 is halfway between 500 (40) and 1500 (10).
        #expect(configuration.contains(#""signalYield":25"#))
        #expect(configuration.contains(#""backgroundYield":500"#))
        let other = try graph(PlannerTests.spec + Self.statistics.replacingOccurrences(of: "bins: 4", with: "bins: 5"))
        #expect(one[StageID(.histogram, "param@1000")]?.key != other[StageID(.histogram, "param@1000")]?.key)
        #expect(one[StageID(.evaluate, "param@1000")]?.key == other[StageID(.evaluate, "param@1000")]?.key)
    }
}
