import Foundation
@testable import ParamRunSpec
import Testing

@Suite struct StatisticsSpecTests {
    static let base = """
        name: stats
        datasets:
          train: {source: xttbar, masses: [500, 750, 1000], signal_per_mass: 100, background: 300}
          test: {source: xttbar, masses: [500, 750, 1000], signal_per_mass: 100, background: 300}
        network: {hidden: [4], epochs: 1}
        models:
          param: {type: parameterized}
          fixed: {type: fixed, train_masses: [1000]}
        evaluate: {masses: [500, 750, 1000], models: [param, fixed]}

        """

    func load(_ statistics: String) throws -> Spec {
        try SpecLoader.load(text: Self.base + statistics, file: "s.yaml")
    }

    @Test func readsEveryKeyAndDefaultsToEveryEvaluatedPoint() throws {
        let spec = try load(
            """
            statistics:
              luminosity: 36
              signal: {cross_section: {1000: 5, 500: 20}}
              background: {cross_section: 100}
              binning: {bins: 8, strategy: quantile}
              background_uncertainty: 0.1
            """)
        let s = try #require(spec.statistics)
        #expect(s.luminosity == 36)
        #expect(s.signal.map(\.mass) == [500, 1000])
        #expect(s.bins == 8 && s.strategy == .quantile && s.backgroundUncertainty == 0.1)
        #expect(s.backgroundYield == 3600)
        #expect(s.points == spec.evaluation.points)
        // 750 is halfway between 500 (20 fb) and 1000 (5 fb): 12.5 fb × 36 fb⁻¹.
        #expect(s.signalYield(at: 750) == 450)
        #expect(s.signalYield(at: 500) == 720)
        #expect(s.signalYield(at: 499.9) == 720)
    }

    @Test func yieldsAreEventsAndTheBlockCanChooseModelsAndMasses() throws {
        let spec = try load(
            """
            statistics:
              signal: {yield: {500: 40, 1000: 10}}
              background: {yield: 2000}
              binning: {bins: 4}
              models: [param]
              masses: [750]
            """)
        let s = try #require(spec.statistics)
        #expect(s.luminosity == nil && s.strategy == .equal && s.backgroundUncertainty == nil)
        #expect(s.points == [EvaluationSpec.Point(model: "param", mass: 750)])
        #expect(s.signalYield(at: 750) == 25)
        #expect(s.backgroundYield == 2000)
    }

    @Test func interpolationIsLinearAndNeverExtrapolates() {
        let table = [
            StatisticsSpec.MassValue(mass: 500, value: 10), .init(mass: 1000, value: 4), .init(mass: 1500, value: 3)
        ]
        #expect(StatisticsSpec.interpolate(table, at: 625) == 8.5)
        #expect(StatisticsSpec.interpolate(table, at: 1250) == 3.5)
        #expect(StatisticsSpec.interpolate(table, at: 1500) == 3)
        #expect(StatisticsSpec.interpolate(table, at: 1500.3) == 3)
        #expect(StatisticsSpec.interpolate(table, at: 499) == nil)
        #expect(StatisticsSpec.interpolate(table, at: 1501) == nil)
        #expect(StatisticsSpec.interpolate([.init(mass: 700, value: 2)], at: 700) == 2)
    }

    @Test func aSpecWithoutTheBlockHasNoStatistics() throws {
        #expect(try SpecLoader.load(text: Self.base, file: "s.yaml").statistics == nil)
    }

    func errors(_ statistics: String) -> [String] {
        do {
            _ = try load(statistics)
            return []
        } catch let error as SpecError {
            return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test func reportsEachProblemAtItsLineAndColumn() {
        let found = errors(
            """
            statistics:
              signal: {yield: {500: 40, 750: -1}}
              background: {yield: 0}
              binning: {bins: 101}
              models: [param, nothing]
              masses: [750, 1250]
            """)
        #expect(
            found == [
                "11:34: statistics.signal.yield at 750 must be greater than 0, found -1",
                "12:23: statistics.background.yield must be greater than 0, found 0",
                "13:19: statistics asks for 101 bins, but dataset 'test' has 100 signal events per mass and 300 background events; each histogram needs at least one event per bin in each sample",
                "14:19: statistics names model 'nothing', which is not defined",
                "15:17: statistics mass 1250 has no test data: dataset 'test' holds 500, 750, 1000"
            ])
    }

    @Test func aMassOutsideTheSignalsRangeIsRefused() {
        let found = errors(
            """
            statistics:
              signal: {yield: {500: 40, 750: 20}}
              background: {yield: 100}
              binning: {bins: 2}
            """)
        #expect(
            found == [
                "11:11: statistics.signal gives no yield at 1000: it is interpolated between the masses given (500…750), never extrapolated"
            ])
    }
}
