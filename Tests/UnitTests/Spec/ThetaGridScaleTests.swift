import Foundation
@testable import ParamRunSpec
import ParamRunSupport
import Testing

/// Big θ grids validate in time linear in their points, and grids above the documented ceilings
/// are refused with a clear error. No wall time is asserted: on today's main the 300 × 300 grid
/// costs 90,000² comparisons and these tests do not finish within the suite's timeout.
@Suite struct ThetaGridScaleTests {
    let loader = SpecLoaderTests()

    static func values(_ count: Int, from start: Double, step: Double) -> String {
        "[" + (0..<count).map { formatNumber(start + Double($0) * step) }.joined(separator: ", ") + "]"
    }

    /// A spec whose datasets hold `grid` (the test set `test`, by default the same) and which evaluates `evaluate`.
    static func spec(parameters: String, grid: String, test: String? = nil, evaluate: String) -> String {
        """
        name: big
        parameters: \(parameters)
        datasets:
          train: {source: xttbar, points: \(grid), signal_per_mass: 1, background: 1}
          test: {source: xttbar, points: \(test ?? grid), signal_per_mass: 1, background: 1}
        models:
          aware: {type: parameterized, hidden: [4], epochs: 1}
        evaluate: {points: \(evaluate), models: [aware]}
        """
    }

    static let twoComponents = "{mass: {unit: GeV}, jes: {unit: \"1\"}}"

    @Test func aThreeHundredByThreeHundredGridValidates() throws {
        let grid = "{mass: \(Self.values(300, from: 500, step: 1)), jes: \(Self.values(300, from: -0.15, step: 0.001))}"
        let spec = try loader.load(
            Self.spec(parameters: Self.twoComponents, grid: grid, evaluate: "{mass: 500, jes: 0}"))
        #expect(spec.dataset(named: "train")?.points.count == 90_000)
        #expect(spec.model(named: "aware")?.trainPoints.count == 90_000)
    }

    @Test func aHundredCubedGridIsReadInFull() {
        // xttbar knows no `pileup`, so the spec is refused, but only after its million points
        // were read and checked for duplicates.
        let grid =
            "{mass: \(Self.values(100, from: 500, step: 1)), jes: \(Self.values(100, from: -0.05, step: 0.001)), "
            + "pileup: \(Self.values(100, from: 0, step: 1))}"
        let errors = loader.errors(
            Self.spec(
                parameters: "{mass: {unit: GeV}, jes: {unit: \"1\"}, pileup: {unit: \"1\"}}", grid: grid,
                test: "{mass: 500, jes: 0, pileup: 0}", evaluate: "{mass: 500, jes: 0, pileup: 0}"))
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.contains("cannot make events under θ component 'pileup'") })
    }

    @Test func aGridAboveTheCeilingIsRefusedBeforeItIsBuilt() {
        let grid =
            "{mass: \(Self.values(1001, from: 500, step: 1)), jes: \(Self.values(1000, from: -0.4, step: 0.0008))}"
        let errors = loader.errors(
            Self.spec(parameters: Self.twoComponents, grid: grid, evaluate: "{mass: 500, jes: 0}"))
        #expect(
            errors.contains { $0.contains("the grid holds 1001000 points, more than the 1000000 a θ list may hold") })
    }

    @Test func moreEvaluationsThanTheCeilingAreRefused() {
        let grid = "{mass: \(Self.values(400, from: 500, step: 1)), jes: \(Self.values(300, from: -0.15, step: 0.001))}"
        let errors = loader.errors(Self.spec(parameters: Self.twoComponents, grid: grid, evaluate: grid))
        #expect(
            errors.contains {
                $0.contains("evaluate asks for 120000 (model, θ) evaluations, more than the 100000 a spec may ask for")
            })
    }

    @Test func theIndexFindsPointsWithinTheTolerancesAndNoOthers() {
        var index = ThetaPointIndex<Int>()
        let first = index.insert(ThetaPoint(mass: 500, conditions: ["jes": 0.1]), 1)
        let again = index.insert(ThetaPoint(mass: 500.3, conditions: ["jes": 0.1000001]), 2)
        #expect(first && !again)
        #expect(index.value(for: ThetaPoint(mass: 499.7, conditions: ["jes": 0.1])) == 1)
        #expect(index.value(for: ThetaPoint(mass: 500, conditions: ["jes": 0.11])) == nil)
        #expect(index.value(for: ThetaPoint(mass: 501, conditions: ["jes": 0.1])) == nil)
        #expect(index.value(for: ThetaPoint(mass: 500)) == nil)
        #expect(index.count == 1)
    }
}
