import Foundation
@testable import ParamRunNN
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

@Suite struct SpecLoaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func load(_ text: String) throws -> Spec { try SpecLoader.load(text: text, file: "t.yaml") }

    func errors(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch let error as SpecError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    static let minimal = """
        name: m
        datasets:
          train: {source: toy, masses: [-2, -1, 0, 1, 2], signal_per_mass: 100, background: 500}
          test: {source: toy, masses: [-1.5, 0.5], signal_per_mass: 100, background: 500}
        models:
          p: {type: parameterized, hidden: [4], epochs: 1}
        evaluate: {masses: [0.5], models: [p]}
        """

    @Test func fillsInThePapersDefaults() throws {
        let spec = try load(Self.minimal)
        #expect(spec.seed == 0)
        #expect(spec.features == .all)
        #expect(spec.scale == .standard)
        let p = try #require(spec.model(named: "p"))
        #expect(p.trainData == "train")
        #expect(p.trainMasses == [-2, -1, 0, 1, 2])
        #expect(p.activation == .relu)
        #expect(p.initialization == .normal(sigma: 0.1))
        #expect(p.optimizer == .sgd(learningRate: 0.1, momentum: 0.5, nesterov: false))
        #expect(p.batchSize == 100)
        #expect(p.schedule == .constant)
        #expect(p.validationFraction == 0)
        #expect(p.earlyStopping == nil)
        #expect(p.balance)
        #expect(p.threads == 1 && p.shards == TrainingConfig.defaultShards)
        #expect(spec.evaluation.points == [.init(model: "p", mass: 0.5, data: "test")])
        #expect(spec.evaluation.outputs == EvaluationSpec.Output.allCases)
    }

    @Test func readsEveryKeyOfTheLanguage() throws {
        let spec = try SpecLoader.load(
            path: Self.root.appendingPathComponent("Tests/Fixtures/specs/valid/everything.yaml").path)
        #expect(spec.name == "everything")
        #expect(spec.seed == 42)
        #expect(spec.features == .names(["f0", "f1", "f26"]))
        #expect(spec.scale == .minMax)
        #expect(spec.datasets.map(\.name) == ["train", "test"])
        #expect(spec.datasets[1].source == .xttbar)
        #expect(spec.datasets[0].signalPerMass == 1000 && spec.datasets[0].background == 5000)

        let fixed = try #require(spec.model(named: "fixed-1000"))
        #expect(fixed.kind == .fixed)
        #expect(fixed.trainMasses == [1000])
        #expect(fixed.initialization == .normal(sigma: 0.05))
        #expect(fixed.optimizer == .sgd(learningRate: 0.1, momentum: 0.5, nesterov: true))
        #expect(fixed.schedule == .exponential(factor: 0.89))
        #expect(fixed.hidden == [32, 32])

        let param = try #require(spec.model(named: "param-all"))
        #expect(param.activation == .tanh)
        #expect(param.initialization == .glorotUniform)
        #expect(param.optimizer == .adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        #expect(param.weightDecay == 0.0001)
        #expect(param.batchSize == 64)
        #expect(param.schedule == .step(every: 2, factor: 0.5))
        #expect(param.earlyStopping == EarlyStopping(patience: 2, minDelta: 0.001))
        #expect(param.validationFraction == 0.2)
        #expect(!param.balance)
        #expect(param.threads == 2 && param.shards == 4)

        let mixture = try #require(spec.model(named: "mixture"))
        #expect(mixture.kind == .mixture && mixture.activation == .sigmoid && mixture.initialization == .heNormal)
        #expect(mixture.schedule == .constant)
        #expect(spec.evaluation.outputs == [.scores, .roc, .auc])
    }

    @Test func aSweepExpandsIntoOneModelPerValue() throws {
        let spec = try SpecLoader.load(
            path: Self.root.appendingPathComponent("Tests/Fixtures/specs/valid/everything.yaml").path)
        let lomo = spec.models.filter { $0.sweep == "lomo" }
        #expect(lomo.map(\.name) == ["lomo-500", "lomo-750", "lomo-1000", "lomo-1250", "lomo-1500"])
        for model in lomo {
            #expect(model.heldOut.count == 1)
            #expect(!model.trainMasses.contains(model.heldOut[0]))
            #expect(model.trainMasses.count == 4)
        }
        // masses: held-out evaluates each network at the one mass it never saw.
        #expect(
            spec.evaluation.points.map { "\($0.model)@\(Int($0.mass))" }
                == ["lomo-500@500", "lomo-750@750", "lomo-1000@1000", "lomo-1250@1250", "lomo-1500@1500"])
    }

    @Test func sweepsOverTwoKeysMakeTheCartesianProductWithPlaceholders() throws {
        let spec = try load(
            Self.minimal.replacingOccurrences(
                of: "  p: {type: parameterized, hidden: [4], epochs: 1}",
                with:
                    "  p-{hidden}-bs{batch_size}: {type: parameterized, hidden: !each [[4], [8, 8]], batch_size: !each [10, 100], epochs: 1}"
            ).replacingOccurrences(of: "models: [p]", with: "models: [\"p-{hidden}-bs{batch_size}\"]"))
        #expect(spec.models.map(\.name) == ["p-4-bs10", "p-4-bs100", "p-8_8-bs10", "p-8_8-bs100"])
        #expect(spec.models[3].hidden == [8, 8] && spec.models[3].batchSize == 100)
        #expect(spec.evaluation.points.count == 4)
    }

    @Test func networkDefaultsApplyToEveryModelAndModelsOverrideThem() throws {
        let spec = try load(
            Self.minimal.replacingOccurrences(
                of: "\nmodels:\n", with: "\nnetwork: {batch_size: 7, epochs: 9}\nmodels:\n"
            )
            .replacingOccurrences(
                of: "hidden: [4], epochs: 1}", with: "hidden: [4], epochs: 1}\n  q: {type: mixture, hidden: [2]}"
            )
            .replacingOccurrences(of: "models: [p]", with: "models: [p, q]"))
        #expect(spec.model(named: "p")?.epochs == 1)
        #expect(spec.model(named: "q")?.epochs == 9)
        #expect(spec.model(named: "q")?.batchSize == 7)
    }

    @Test func reportsAllProblemsInOnePassSortedByPosition() {
        let text = """
            name: bad
            datasets:
              train: {source: toy, masses: [0, 1], signal_per_mass: 0, background: 10}
            models:
              p: {type: parameterized, hidden: [4], epochs: 1, batch_size: 0, optimizer: {sgd: {learning_rate: 0}}}
            evaluate: {data: train, masses: [1], models: [q]}
            """
        #expect(
            errors(text) == [
                "t.yaml:3:57: error: signal_per_mass must be at least 1, found 0",
                "t.yaml:5:64: error: batch_size must be at least 1, found 0",
                "t.yaml:5:100: error: learning_rate must be greater than 0 and at most 100, found 0",
                "t.yaml:6:47: error: evaluate names model 'q', which is not defined"
            ])
    }

    @Test func evaluateMayBeAListOfBlocksWithTrainedAndHeldOutMasses() throws {
        let text = """
            name: blocks
            datasets:
              train: {source: xttbar, masses: [500, 1000, 1500], signal_per_mass: 10, background: 10}
              test: {source: xttbar, masses: [500, 1000, 1500], signal_per_mass: 10, background: 10}
              other: {source: xttbar, masses: [750], signal_per_mass: 10, background: 10}
            network: {hidden: [4], epochs: 1}
            models:
              fixed: {type: fixed, train_masses: !each [500, 1500]}
              lomo: {type: parameterized, held_out: !each [500, 1000]}
            evaluate:
              - {masses: trained, models: [fixed]}
              - {masses: held-out, models: [lomo], outputs: [auc]}
              - {data: other, masses: [750], models: [fixed-500]}
            """
        let spec = try load(text)
        #expect(
            spec.evaluation.points == [
                .init(model: "fixed-500", mass: 500, data: "test"),
                .init(model: "fixed-1500", mass: 1500, data: "test"),
                .init(model: "lomo-500", mass: 500, data: "test"), .init(model: "lomo-1000", mass: 1000, data: "test"),
                .init(model: "fixed-500", mass: 750, data: "other")
            ])
        let graph = try Planner.plan(spec)
        #expect(graph[StageID(.evaluate, "fixed-500@750")]?.inputs.last == StageID(.load, "other"))
        #expect(
            errors(text.replacingOccurrences(of: "masses: trained", with: "masses: trainde"))
                == [
                    "t.yaml:11:14: error: evaluate.masses must be a list of masses, held-out or trained, found 'trainde'; did you mean 'trained'?"
                ])
    }

    @Test func quotedNumbersAreStringsNotNumbers() {
        let bad = Self.minimal.replacingOccurrences(of: "epochs: 1", with: "epochs: \"1\"")
        #expect(errors(bad) == ["t.yaml:6:49: error: epochs must be a whole number, found '1'"])
    }

    @Test func massesMatchWithinHalfAGeV() throws {
        let text = """
            name: tol
            datasets:
              train: {source: xttbar, masses: [499.999969, 1000], signal_per_mass: 10, background: 10}
              test: {source: xttbar, masses: [500, 1000], signal_per_mass: 10, background: 10}
            models:
              p: {type: parameterized, hidden: [4], epochs: 1, held_out: [500]}
            evaluate: {masses: held-out, models: [p]}
            """
        let spec = try load(text)
        #expect(spec.model(named: "p")?.trainMasses == [1000])
        #expect(spec.evaluation.points.count == 1)
    }

    @Test func aFileThatDoesNotExistIsReportedByName() {
        #expect(throws: SpecError.self) { try SpecLoader.load(path: "/no/such/spec.yaml") }
        do {
            _ = try SpecLoader.load(path: "/no/such/spec.yaml")
        } catch let error as SpecError {
            #expect(error.description == "/no/such/spec.yaml:1:1: error: no such file")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
