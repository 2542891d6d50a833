import Foundation
@testable import ParamRunSpec
import ParamRunSupport
import Testing

/// `statistics.systematics`, `lumi_uncertainty` and `observed`: what they read into, and each
/// problem at its line:col.
@Suite struct StatisticsSystematicsSpecTests {
    static let base = """
        name: sj
        parameters: {mass: {unit: GeV}, jes: {unit: "1"}}
        datasets:
          train: {source: xttbar, points: {mass: [500, 1000], jes: [-0.1, 0, 0.1]}, signal_per_mass: 50, background: 100}
          test: {source: xttbar, points: {mass: [500, 1000], jes: [-0.1, 0, 0.1]}, signal_per_mass: 50, background: 100}
        network: {hidden: [4], epochs: 1}
        models:
          aware: {type: parameterized, parameters: [mass, jes]}
          plain: {type: parameterized, parameters: [mass]}
        evaluate: {points: {mass: [500, 1000], jes: [-0.1, 0, 0.1]}, models: [aware, plain]}

        """

    static let block = """
        statistics:
          signal: {yield: {500: 40, 1000: 10}}
          background: {yield: 2000}
          binning: {bins: 4}

        """

    func load(_ text: String) throws -> Spec { try SpecLoader.load(text: Self.base + text, file: "s.yaml") }

    func errors(_ text: String, base: String = Self.base) -> [String] {
        do {
            _ = try SpecLoader.load(text: base + text, file: "s.yaml")
            return []
        } catch let error as SpecError {
            return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test func readsSystematicsLumiAndObservedAndTakesTheNominalPoints() throws {
        let spec = try load(
            Self.block + """
                  lumi_uncertainty: 0.02
                  systematics: {jes: {uncertainty: 0.1}}
                  observed: {inject: {mass: 750, strength: 2}}
                """)
        let s = try #require(spec.statistics)
        #expect(s.lumiUncertainty == 0.02)
        #expect(s.systematics == [.init(condition: "jes", nominal: 0, uncertainty: 0.1)])
        #expect(s.nominalConditions == ["jes": 0])
        #expect(s.points.count == 4 && s.points.allSatisfy { $0.conditions == ["jes": 0] })
        // The source defaults to the test data's generator; 2 × 25 signal events at 750 (interpolated).
        #expect(s.observed == .init(source: .xttbar, injection: .init(mass: 750, strength: 2)))
        #expect(s.observedCounts?.background == 2000 && s.observedCounts?.signal == 50)
    }

    @Test func withoutTheNewKeysTheBlockReadsAsBefore() throws {
        let spec = try load(Self.block)
        let s = try #require(spec.statistics)
        #expect(s.lumiUncertainty == nil && s.systematics.isEmpty && s.observed == nil && s.observedCounts == nil)
        #expect(s.points.map(\.theta.description) == ["500,jes=0", "1000,jes=0", "500,jes=0", "1000,jes=0"])
    }

    @Test func aBadUncertaintyOrAConditionThatIsNotInThetaIsReportedAtItsNode() {
        #expect(
            errors(Self.block + "  systematics: {jes: {uncertainty: .nan}}") == [
                "15:36: statistics.systematics.jes.uncertainty must be a finite number, found .nan"
            ])
        #expect(
            errors(Self.block + "  systematics: {jes: {uncertainty: -0.1}}") == [
                "15:36: statistics.systematics.jes.uncertainty must be greater than 0, found -0.1"
            ])
        #expect(
            errors(Self.block + "  systematics: {jse: {uncertainty: 0.1}}") == [
                "15:17: statistics.systematics names 'jse', which is not a θ condition; θ's are jes; did you mean 'jes'?"
            ])
        #expect(
            errors(Self.block + "  lumi_uncertainty: 0") == [
                "15:21: statistics.lumi_uncertainty must be greater than 0 and at most 0.999999, found 0"
            ])
    }

    @Test func aShiftWithoutItsEvaluationsIsReportedAtTheUncertainty() {
        #expect(
            errors(Self.block + "  systematics: {jes: {uncertainty: 0.05}}") == [
                "15:36: statistics.systematics.jes needs each network evaluated at jes = 0 ± 0.05, but evaluate has "
                    + "no point aware@500,jes=0.05 and 7 more; add those values to the test data and to "
                    + "evaluate.points"
            ])
        #expect(
            errors(Self.block + "  systematics: {jes: {uncertainty: 0.1, nominal: 0.1}}") == [
                "15:36: statistics.systematics.jes needs each network evaluated at jes = 0.1 ± 0.1, but evaluate "
                    + "has no point aware@500,jes=0.2 and 3 more; add those values to the test data and to "
                    + "evaluate.points"
            ])
    }

    @Test func anInjectionOutsideTheSignalTableOrASourceThatCannotMakeTheEventsIsRefused() {
        #expect(
            errors(Self.block + "  observed: {inject: {mass: 1250, strength: 1}}") == [
                "15:29: statistics.observed.inject.mass 1250 is outside the signal table (500…1000), so it has no yield"
            ])
        #expect(
            errors(Self.block + "  observed: {inject: {mass: 750, strength: -1}}") == [
                "15:44: statistics.observed.inject.strength must be at least 0, found -1"
            ])
        #expect(
            errors(Self.block + "  observed: {source: toy}") == [
                "15:22: statistics.observed.source 'toy' makes other features than the test data 'test' (xttbar); "
                    + "the networks score only the features they know",
                "15:22: statistics.observed.source 'toy' cannot make events under θ condition 'jes'"
            ])
        #expect(
            errors(Self.block + "  observed: {source: {hepmass: s.yaml}}").first?.hasPrefix("15:") == true)
    }

    @Test func aMassOnlySpecHasNoConditionToShift() {
        let massOnly = """
            name: m
            datasets:
              test: {source: xttbar, masses: [500, 1000], signal_per_mass: 50, background: 100}
            network: {hidden: [4], epochs: 1}
            models:
              fixed: {type: fixed, train_masses: [500], train_data: test}
            evaluate: {masses: [500, 1000], models: [fixed]}

            """
        #expect(
            errors(Self.block + "  systematics: {jes: {uncertainty: 0.1}}", base: massOnly) == [
                "12:17: statistics.systematics names 'jes', which is not a θ condition; θ has none (declare them "
                    + "under parameters:)"
            ])
    }
}
