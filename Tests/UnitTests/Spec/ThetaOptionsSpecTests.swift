import Foundation
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

/// The spec keys of issue 15: `conditioning`, `theta_noise`, `theta` on a model, and the
/// `smoothness:` section; and that specs without them keep every cache key.
@Suite struct ThetaOptionsSpecTests {
    static let base = """
        name: t
        seed: 3
        datasets:
          train: {source: xttbar, masses: [500, 750, 1000], signal_per_mass: 100, background: 300}
          test: {source: xttbar, masses: [500, 750, 1000], signal_per_mass: 100, background: 300}
        network: {hidden: [8], epochs: 2}
        models:
          param: {type: parameterized, held_out: [750]MODEL}
          fixed: {type: fixed, train_masses: [750]}
        evaluate: {masses: [750], models: [param, fixed]}
        """

    func spec(_ model: String = "", _ extra: String = "") throws -> Spec {
        try SpecLoader.load(text: Self.base.replacingOccurrences(of: "MODEL", with: model) + extra, file: "t.yaml")
    }

    /// Every stage's key but the report's, which holds the spec's text.
    func keys(_ spec: Spec) throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try Planner.plan(spec).stages.filter { $0.id.kind != .report }.map {
                ($0.id.description, $0.key)
            })
    }

    func errors(_ model: String, _ extra: String = "") -> [String] {
        do {
            _ = try spec(model, extra)
            return []
        } catch let error as SpecError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("the options are read, and their defaults leave every cache key as it was")
    func readsAndKeepsKeys() throws {
        let plain = try spec()
        let p = try #require(plain.model(named: "param"))
        #expect(p.conditioning == nil && p.thetaNoise == nil && p.theta == nil)
        let defaults = try spec(", conditioning: concat, theta_noise: 0, theta: given")
        #expect(try keys(defaults) == keys(plain))

        let affine = try spec(", conditioning: affine, theta_noise: 25, theta: shuffled")
        let a = try #require(affine.model(named: "param"))
        #expect(a.conditioning == .affine && a.thetaNoise == 25 && a.theta == .shuffled)
        let changed = try keys(affine), before = try keys(plain)
        #expect(changed["train/param"] != before["train/param"])
        #expect(changed["train/fixed"] == before["train/fixed"] && changed["load/train"] == before["load/train"])
    }

    @Test("bad values and options on a network without θ are errors at their line and column")
    func errorsWithPlaces() {
        let bad = errors(", conditioning: film, theta_noise: -1, theta: permuted")
        #expect(
            bad.contains {
                $0.hasPrefix("t.yaml:8:63: error: conditioning must be one of concat, affine, found 'film'")
            })
        #expect(bad.contains { $0.hasPrefix("t.yaml:8:82: error: theta_noise must be at least 0") })
        #expect(
            bad.contains { $0.hasPrefix("t.yaml:8:93: error: theta must be one of given, shuffled, found 'permuted'") })
        let text = Self.base.replacingOccurrences(of: "MODEL", with: "")
            .replacingOccurrences(of: "train_masses: [750]}", with: "train_masses: [750], theta: shuffled}")
        do {
            _ = try SpecLoader.load(text: text, file: "t.yaml")
            Issue.record("a fixed network with theta: shuffled was accepted")
        } catch let error as SpecError {
            #expect(
                error.diagnostics.map(\.description).contains {
                    $0.contains("9:52: error: theta applies to parameterized networks only; model 'fixed' is fixed")
                })
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("options in the shared network defaults reach parameterized models and are ignored by fixed ones")
    func sharedDefaults() throws {
        let text = Self.base.replacingOccurrences(of: "MODEL", with: "")
            .replacingOccurrences(
                of: "network: {hidden: [8], epochs: 2}", with: "network: {hidden: [8], epochs: 2, conditioning: affine}"
            )
        let spec = try SpecLoader.load(text: text, file: "t.yaml")
        #expect(spec.model(named: "param")?.conditioning == .affine)
        #expect(spec.model(named: "fixed")?.conditioning == nil)
    }

    @Test("smoothness: defaults, a stage per model with its grid, and its errors")
    func smoothness() throws {
        let spec = try spec("", "\nsmoothness: {}\n")
        let s = try #require(spec.smoothness)
        #expect(s.models == ["param"] && s.data == "test" && s.events == 1000 && s.step == 5)
        let graph = try Planner.plan(spec)
        let stage = try #require(graph[StageID(.smoothness, "param")])
        #expect(stage.inputs == [StageID(.train, "param"), StageID(.load, "test")])
        #expect(graph[StageID(.report, "t")]?.inputs.contains(StageID(.smoothness, "param")) == true)
        #expect(SmoothnessStage.grid(low: 500, high: 1000, step: 5).count == 101)
        #expect(SmoothnessStage.grid(low: 500, high: 1000, step: 300) == [500, 800, 1000])

        let bad = errors(
            "", "\nsmoothness: {models: [fixed, nothing], data: tset, step: 0.0001, tolerance: 0, flag_fraction: 2}\n")
        #expect(bad.contains { $0.contains("smoothness scans θ, but model 'fixed' is fixed and does not take θ") })
        #expect(bad.contains { $0.contains("smoothness names model 'nothing', which is not defined") })
        #expect(
            bad.contains { $0.contains("smoothness scans dataset 'tset', which is not defined; did you mean 'test'?") })
        #expect(bad.contains { $0.contains("smoothness.tolerance must be greater than 0") })
        #expect(bad.contains { $0.contains("smoothness.flag_fraction must be at least 0 and at most 1, found 2") })
        let fine = errors("", "\nsmoothness: {step: 0.0001}\n")
        #expect(
            fine.contains {
                $0.contains(
                    "t.yaml:11:20: error: smoothness.step 0.0001 makes 5000001 θ values between 500 and 1000 for model 'param', more than 100000"
                )
            })
    }
}
