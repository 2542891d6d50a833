import Foundation
import ParamRunData
@testable import ParamRunSpec
import ParamRunSupport
import Testing

/// The `parameters:` block, θ points in their three forms, and every error at its file:line:col.
@Suite struct ParameterSpecTests {
    /// The spec loader's own test helpers: specs read from text as `t.yaml`.
    let loader = SpecLoaderTests()
    func load(_ text: String) throws -> Spec { try loader.load(text) }
    func errors(_ text: String) -> [String] { loader.errors(text) }

    /// A two-component spec; `models` and `evaluate` may be replaced.
    static func spec(
        parameters: String = "{mass: {unit: GeV}, jes: {unit: \"1\", scale: none}}",
        train: String = "{mass: [500, 1000], jes: [-0.1, 0, 0.1]}",
        models: String = "  aware: {type: parameterized, hidden: [4], epochs: 1}",
        evaluate: String = "{points: {mass: 1000, jes: [-0.1, 0.1]}, models: [aware]}"
    ) -> String {
        """
        name: p
        parameters: \(parameters)
        datasets:
          train: {source: xttbar, points: \(train), signal_per_mass: 10, background: 20}
          test: {source: xttbar, points: [{mass: [500, 1000], jes: [-0.1, 0.1]}, {mass: 750, jes: 0}], signal_per_mass: 10, background: 20}
        models:
        \(models)
        evaluate: \(evaluate)
        """
    }

    @Test func aGridIsEveryCombinationAndAListOfGridsConcatenates() throws {
        let spec = try load(Self.spec())
        #expect(
            spec.parameters == [
                ParameterSpec(name: "mass", unit: "GeV"),
                ParameterSpec(name: "jes", unit: "", scale: .identity)
            ])
        #expect(spec.conditionNames == ["jes"])
        let train = try #require(spec.dataset(named: "train"))
        #expect(train.points.count == 6)
        #expect(train.points[1] == ThetaPoint(mass: 500, conditions: ["jes": 0]))
        #expect(train.masses == [500, 1000])
        let test = try #require(spec.dataset(named: "test"))
        #expect(test.points.count == 5)
        #expect(test.points.last == ThetaPoint(mass: 750, conditions: ["jes": 0]))
        #expect(
            spec.evaluation.points.map(\.theta) == [-0.1, 0.1].map { ThetaPoint(mass: 1000, conditions: ["jes": $0]) })
        let model = try #require(spec.model(named: "aware"))
        #expect(model.conditionInputs == ["jes"])
        #expect(model.trainPoints == train.points)
        #expect(model.backgroundTheta == .sample)
    }

    @Test func modelsChooseTheirComponentsPointsAndBackgroundStrategy() throws {
        let spec = try load(
            Self.spec(
                models: """
                      nominal: {type: parameterized, hidden: [4], epochs: 1, parameters: [mass], train_points: {mass: [500, 1000], jes: 0}, background_theta: copy}
                      lomo: {type: parameterized, hidden: [4], epochs: 1, held_out: {mass: 1000, jes: [-0.1, 0.1]}, background_theta: equalize}
                    """,
                evaluate: "[{points: held-out, models: [lomo]}, {points: {mass: 750, jes: 0}, models: [nominal]}]"))
        let nominal = try #require(spec.model(named: "nominal"))
        #expect(nominal.conditionInputs.isEmpty)
        #expect(nominal.trainPoints == [500, 1000].map { ThetaPoint(mass: $0, conditions: ["jes": 0]) })
        #expect(nominal.trainMasses == [500, 1000])
        #expect(nominal.backgroundTheta == .copy)
        let lomo = try #require(spec.model(named: "lomo"))
        #expect(
            lomo.trainPoints == [-0.1, 0, 0.1].map { ThetaPoint(mass: 500, conditions: ["jes": $0]) } + [
                ThetaPoint(mass: 1000, conditions: ["jes": 0])
            ])
        #expect(lomo.heldOut == [1000] && lomo.trainMasses == [500, 1000])
        #expect(lomo.backgroundTheta == .equalize)
        #expect(
            spec.evaluation.points.filter { $0.model == "lomo" }.map(\.theta)
                == [-0.1, 0.1].map { ThetaPoint(mass: 1000, conditions: ["jes": $0]) })
    }

    @Test func valuesMayCarryAUnitOfTheSameDimension() throws {
        let spec = try load(
            Self.spec(
                parameters: "{mass: {unit: TeV}, jes: {unit: \"1\"}}", train: "{mass: [0.5, \"1000 GeV\"], jes: 0}",
                evaluate: "{points: {mass: 1 TeV, jes: 0}, models: [aware]}"
            ).replacingOccurrences(
                of: "mass: [500, 1000], jes: [-0.1, 0.1]", with: "mass: [0.5, 1], jes: [-0.1, 0, 0.1]"
            ).replacingOccurrences(of: "{mass: 750, jes: 0}]", with: "{mass: 0.75, jes: 0}]"))
        #expect(spec.dataset(named: "train")?.masses == [500, 1000])
        #expect(spec.evaluation.points.first?.mass == 1000)
    }

    @Test func aSweepOverPointsNamesEachModelByItsValues() throws {
        let spec = try load(
            Self.spec(
                models:
                    "  lomo: {type: parameterized, hidden: [4], epochs: 1, held_out: !each [{mass: 500, jes: 0.1}, {mass: 1000, jes: -0.1}]}",
                evaluate: "{points: held-out, models: [lomo]}"))
        #expect(spec.models.map(\.name) == ["lomo-500_0.1", "lomo-1000_-0.1"])
        #expect(
            spec.evaluation.points.map(\.theta) == [
                ThetaPoint(mass: 500, conditions: ["jes": 0.1]), ThetaPoint(mass: 1000, conditions: ["jes": -0.1])
            ])
    }

    @Test func anExplicitMassOnlyBlockReadsLikeTheShorthand() throws {
        let shorthand = """
            name: s
            datasets:
              train: {source: toy, masses: [-1, 0, 1], signal_per_mass: 10, background: 20}
              test: {source: toy, masses: [0.5], signal_per_mass: 10, background: 20}
            models:
              p: {type: parameterized, hidden: [4], epochs: 1, held_out: [0]}
            evaluate: {masses: [0.5], models: [p]}
            """
        let explicit = shorthand.replacingOccurrences(
            of: "name: s\n", with: "name: s\nparameters: {mass: {unit: GeV}}\n"
        )
        .replacingOccurrences(of: "masses: [-1, 0, 1]", with: "points: {mass: [-1, 0, 1]}")
        var a = try load(shorthand), b = try load(explicit)
        a.text = ""
        b.text = ""
        #expect(a == b)
    }

    @Test func aComponentOutsideTheDeclaredOnesIsReportedAtItsKey() {
        #expect(
            errors(Self.spec(evaluate: "{points: {mass: 1000, jse: 0.1}, models: [aware]}")) == [
                "t.yaml:8:33: error: evaluate.points: θ component 'jse' is not declared in parameters (mass, jes); did you mean 'jes'?"
            ])
        #expect(
            errors(Self.spec(models: "  aware: {type: parameterized, hidden: [4], epochs: 1, parameters: [mass, mu]}"))
                == [
                    "t.yaml:7:75: error: θ component 'mu' is not declared in parameters (mass, jes)"
                ])
    }

    @Test func aMissingComponentIsReportedAtThePoint() {
        #expect(
            errors(Self.spec(train: "{mass: [500, 1000]}")) == [
                "t.yaml:4:35: error: points of dataset 'train': the point is missing θ component 'jes' (parameters: mass, jes)"
            ])
        #expect(
            errors(Self.spec(evaluate: "{points: [1000], models: [aware]}")) == [
                "t.yaml:8:21: error: evaluate.points: the point '1000' is missing θ component 'jes'; write it as {mass: …, jes: …}"
            ])
        #expect(
            errors(
                Self.spec().replacingOccurrences(
                    of: "points: {mass: [500, 1000], jes: [-0.1, 0, 0.1]}", with: "masses: [500, 1000]")) == [
                    "t.yaml:4:36: error: points of dataset 'train': the point '500' is missing θ component 'jes'; write it as {mass: …, jes: …}",
                    "t.yaml:4:41: error: points of dataset 'train': the point '1000' is missing θ component 'jes'; write it as {mass: …, jes: …}"
                ])
    }

    @Test func aUnitMismatchIsReportedWhereItIsWritten() {
        #expect(
            errors(Self.spec(evaluate: "{points: {mass: 1000, jes: 5 GeV}, models: [aware]}")) == [
                "t.yaml:8:38: error: unit mismatch: θ component 'jes' is dimensionless, found '5 GeV'"
            ])
        #expect(
            errors(Self.spec(parameters: "{mass: {unit: GeV}, jes: {unit: GeV}}")) == [
                "t.yaml:2:33: error: unit mismatch: 'jes' of source xttbar is dimensionless, but parameters declares it in GeV"
            ])
        #expect(
            errors(Self.spec(parameters: "{mass: {unit: \"1\"}, jes: {}}")).first
                == "t.yaml:2:27: error: unit mismatch: mass is an energy (GeV, TeV or MeV), found '1'")
    }

    @Test func theBlockMustStartWithTheMassAndASourceMustKnowEachCondition() {
        #expect(
            errors(Self.spec(parameters: "{jes: {}, mass: {}}")).prefix(2) == [
                "t.yaml:2:14: error: the first θ component must be 'mass', the signal hypothesis, found 'jes'",
                "t.yaml:2:23: error: 'mass' must be the first θ component"
            ])
        let toy = Self.spec().replacingOccurrences(
            of: "source: xttbar, points: {mass: [500, 1000]", with: "source: toy, points: {mass: [500, 1000]")
        #expect(
            errors(toy) == [
                "t.yaml:2:33: error: dataset 'train' (source toy) cannot make events under θ component 'jes': it knows none"
            ])
    }

    @Test func statisticsWithConditionsTakesTheNominalPointsWhichEvaluateMustJudge() throws {
        let block = "\nstatistics: {signal: {yield: {500: 10, 1000: 5}}, background: {yield: 100}, binning: {bins: 5}}"
        #expect(
            errors(Self.spec() + block).first
                == "t.yaml:9:13: error: statistics takes each network's nominal histogram at jes=0, but evaluate judges "
                + "no model there; add it to evaluate.points or set the nominal under statistics.systematics")
        let spec = try load(Self.spec(evaluate: "{points: {mass: 750, jes: 0}, models: [aware]}") + block)
        #expect(spec.statistics?.points == [.init(model: "aware", mass: 750, data: "test", conditions: ["jes": 0])])
    }

    @Test func pointsOutsideTheDataOrListedTwiceAreErrors() {
        #expect(
            errors(Self.spec(evaluate: "{points: {mass: 1000, jes: 0}, models: [aware]}")) == [
                "t.yaml:8:20: error: evaluation point (mass 1000, jes 0) has no test data: dataset 'test' holds 5 points, none of them this one"
            ])
        #expect(
            errors(
                Self.spec(
                    models: "  aware: {type: parameterized, hidden: [4], epochs: 1, train_points: {mass: 750, jes: 0}}")
            ) == [
                "t.yaml:7:70: error: training point (mass 750, jes 0) is not among the points of dataset 'train'"
            ])
        #expect(
            errors(Self.spec(train: "[{mass: 500, jes: 0}, {mass: 500, jes: 0.0}]")) == [
                "t.yaml:4:57: error: points of dataset 'train' lists the point (mass 500, jes 0) twice"
            ])
        #expect(
            errors(
                Self.spec(
                    models: "  f: {type: fixed, hidden: [4], epochs: 1}", evaluate: "{points: trained, models: [f]}")
            ).first
                == "t.yaml:7:13: error: a fixed network trains at exactly one point, but model 'f' has 6 ((mass 500, jes -0.1), (mass 500, jes 0), (mass 500, jes 0.1), (mass 1000, jes -0.1), (mass 1000, jes 0), (mass 1000, jes 0.1)); use type: mixture to pool several"
        )
    }
}
