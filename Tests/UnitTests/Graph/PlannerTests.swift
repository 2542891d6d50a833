import Foundation
@testable import ParamRunPipeline
@testable import ParamRunSpec
import ParamRunTestSupport
import ParamRunNN
import ParamRunSupport
import Testing

@Suite struct PlannerTests {
    static let spec = """
        name: keys
        seed: 3
        datasets:
          train: {source: xttbar, masses: [500, 1000, 1500], signal_per_mass: 100, background: 300}
          test: {source: xttbar, masses: [500, 1000, 1500], signal_per_mass: 100, background: 300}
        network: &net {hidden: [8], epochs: 2}
        models:
          param: {<<: *net, type: parameterized, held_out: [1000]}
          fixed: {<<: *net, type: fixed, train_masses: [1000]}
        evaluate: {masses: [1000, 1500], models: [param, fixed]}
        """

    /// The same spec with comments, reordered keys and no anchors.
    static let rewritten = """
        # a comment
        seed: 3   # same seed
        name: keys
        models:
          fixed: {train_masses: [1000], type: fixed, epochs: 2, hidden: [8]}
          param: {held_out: [1000], hidden: [8], epochs: 2, type: parameterized}
        datasets:
          test: {masses: [500, 1000, 1500], source: {generator: xttbar}, background: 300, signal_per_mass: 100}
          train: {source: xttbar, background: 300, signal_per_mass: 100, masses: [500, 1000, 1500]}
        evaluate: {models: [param, fixed], masses: [1000, 1500]}
        """

    func keys(_ text: String) throws -> [String: String] {
        let graph = try Planner.plan(try SpecLoader.load(text: text, file: "k.yaml"))
        return Dictionary(uniqueKeysWithValues: graph.stages.map { ($0.id.description, $0.key) })
    }

    @Test func makesEveryStageInPipelineOrder() throws {
        let graph = try Planner.plan(try SpecLoader.load(text: Self.spec, file: "k.yaml"))
        #expect(
            graph.stages.map(\.id.description) == [
                "load/test", "load/train", "scale/fixed", "scale/param", "train/fixed", "train/param",
                "evaluate/fixed@1000", "evaluate/fixed@1500", "evaluate/param@1000", "evaluate/param@1500",
                "report/keys"
            ])
        #expect(graph[StageID(.evaluate, "param@1000")]?.inputs == [StageID(.train, "param"), StageID(.load, "test")])
        for stage in graph.stages { #expect(stage.key.count == 64) }
        #expect(graph.stages.allSatisfy { $0.threads == 1 })
    }

    @Test func commentsKeyOrderAndAnchorsChangeOnlyTheReportWhichShowsTheText() throws {
        var before = try keys(Self.spec), after = try keys(Self.rewritten)
        #expect(before["report/keys"] != after["report/keys"])
        before["report/keys"] = nil
        after["report/keys"] = nil
        #expect(before == after)
    }

    @Test func aLearningRateChangeInvalidatesOnlyThatModelAndWhatFollows() throws {
        let before = try keys(Self.spec)
        let after = try keys(
            Self.spec.replacingOccurrences(
                of: "param: {<<: *net, type: parameterized,",
                with: "param: {<<: *net, optimizer: {sgd: {learning_rate: 0.05}}, type: parameterized,"))
        let changed = Set(before.keys.filter { before[$0] != after[$0] })
        #expect(changed == ["train/param", "evaluate/param@1000", "evaluate/param@1500", "report/keys"])
    }

    @Test func threadsScheduleATrainingButShardsDecideItsKey() throws {
        let before = try keys(Self.spec)
        var split = try keys(Self.spec.replacingOccurrences(of: "epochs: 2}", with: "epochs: 2, shards: 2}"))
        var threaded = try keys(
            Self.spec.replacingOccurrences(of: "epochs: 2}", with: "epochs: 2, shards: 2, threads: 2}"))
        // Only the report, which shows the spec's text, changes.
        split["report/keys"] = nil
        threaded["report/keys"] = nil
        #expect(threaded == split)
        // Without shards, threads give the split they gave before shards existed.
        let old = try keys(Self.spec.replacingOccurrences(of: "epochs: 2}", with: "epochs: 2, threads: 2}"))
        #expect(old["train/param"] == split["train/param"])
        let sharded = try keys(Self.spec.replacingOccurrences(of: "epochs: 2}", with: "epochs: 2, shards: 4}"))
        #expect(sharded["train/param"] != before["train/param"] && sharded["train/fixed"] != before["train/fixed"])
        #expect(sharded["load/train"] == before["load/train"])
        let graph = try Planner.plan(
            try SpecLoader.load(
                text: Self.spec.replacingOccurrences(
                    of: "epochs: 2}", with: "epochs: 2, threads: 2, shards: 3}"), file: "k.yaml"))
        let train = try #require(graph[StageID(.train, "param")])
        #expect(train.threads == 2 && train.maxThreads == 3)
        #expect(graph[StageID(.load, "train")]?.maxThreads == 1)
        // One shard: threads share each minibatch's rows with one thread's bits, so `shards: 1,
        // threads: 2` is the default's training, and the runner may lend it up to the rows' limit.
        let rows = try keys(Self.spec.replacingOccurrences(of: "epochs: 2}", with: "epochs: 2, shards: 1, threads: 2}"))
        #expect(rows["train/param"] == before["train/param"])
        let plain = try Planner.plan(try SpecLoader.load(text: Self.spec, file: "k.yaml"))
        #expect(plain[StageID(.train, "param")]?.maxThreads == Trainer.rowSplitThreadLimit(batchSize: 100))
        let affine = try Planner.plan(
            try SpecLoader.load(
                text: Self.spec.replacingOccurrences(
                    of: "type: parameterized,", with: "type: parameterized, conditioning: affine,"), file: "k.yaml"))
        #expect(affine[StageID(.train, "param")]?.maxThreads == 1)
    }

    @Test func theSeedChangesEveryStageThatDrawsRandomNumbers() throws {
        let before = try keys(Self.spec)
        let after = try keys(Self.spec.replacingOccurrences(of: "seed: 3", with: "seed: 4"))
        #expect(before["load/train"] != after["load/train"])
        #expect(before["train/param"] != after["train/param"])
    }

    @Test func modelNamesDoNotEnterTrainingKeysButSeedsDo() throws {
        // Renaming changes the stage's seed (it derives from the ID), so the key changes with it.
        let renamed = try keys(
            Self.spec.replacingOccurrences(of: "  param:", with: "  pnet:")
                .replacingOccurrences(of: "[param,", with: "[pnet,"))
        #expect(renamed["train/pnet"] != nil)
        #expect(try keys(Self.spec)["train/param"] != renamed["train/pnet"])
    }

    @Test func stageSeedsAreStableAndDistinct() {
        let a = Planner.stageSeed(7, StageID(.train, "a"))
        #expect(a == Planner.stageSeed(7, StageID(.train, "a")))
        #expect(a != Planner.stageSeed(7, StageID(.train, "b")))
        #expect(a != Planner.stageSeed(8, StageID(.train, "a")))
    }

    @Test func aChangedDataFileOrTheSameRelativePathElsewhereGivesANewLoadKey() throws {
        let root = try TemporaryDirectory.make("planner")
        defer { try? FileManager.default.removeItem(at: root) }
        var keys: [String] = []
        for folder in ["a", "b"] {
            let dir = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try "# label,x,mass\n1,0.5,1\n0,0.1,1\n".write(
                to: dir.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
            let text = """
                name: files
                datasets:
                  train: {source: {hepmass: events.csv}, masses: [1]}
                  test: {source: {hepmass: events.csv}, masses: [1]}
                models:
                  p: {type: parameterized, hidden: [2], epochs: 1}
                evaluate: {masses: [1], models: [p]}
                """
            let specFile = dir.appendingPathComponent("spec.yaml").path
            let graph = try Planner.plan(try SpecLoader.load(text: text, file: specFile))
            keys.append(graph[StageID(.load, "train")]!.key)
            if folder == "a" {
                // The same file, rewritten: a new size and modification time.
                try "# label,x,mass\n1,0.7,1\n0,0.1,1\n0,0.2,1\n".write(
                    to: dir.appendingPathComponent("events.csv"), atomically: true, encoding: .utf8)
                let again = try Planner.plan(try SpecLoader.load(text: text, file: specFile))
                #expect(again[StageID(.load, "train")]!.key != keys[0])
            }
        }
        #expect(keys[0] != keys[1])
    }

    @Test func onlyEvaluatedModelsAndTheDataTheyNeedArePlanned() throws {
        let text = Self.spec.replacingOccurrences(of: "models: [param, fixed]}", with: "models: [fixed]}")
        let graph = try Planner.plan(try SpecLoader.load(text: text, file: "k.yaml"))
        #expect(graph[StageID(.train, "param")] == nil)
        #expect(graph[StageID(.train, "fixed")] != nil)
    }
}

@Suite struct StageGraphTests {
    func stage(_ kind: StageKind, _ name: String, _ inputs: [StageID] = []) -> Stage {
        Stage(id: StageID(kind, name), inputs: inputs, configuration: "{}", inputKeys: [])
    }

    @Test func detectsAMissingInput() {
        #expect(throws: GraphError.missingInput(stage: StageID(.train, "a"), input: StageID(.scale, "a"))) {
            try StageGraph([stage(.train, "a", [StageID(.scale, "a")])])
        }
    }

    @Test func detectsACycleAndNamesIt() throws {
        let a = StageID(.train, "a"), b = StageID(.evaluate, "b"), c = StageID(.load, "c")
        do {
            _ = try StageGraph([stage(.load, "c"), stage(.train, "a", [b, c]), stage(.evaluate, "b", [a])])
            Issue.record("no cycle found")
        } catch let error as GraphError {
            #expect(error == .cycle([a, b]))
            #expect(error.description == "the stage graph has a cycle: train/a -> evaluate/b -> train/a")
        }
    }

    @Test func detectsADuplicateStage() {
        #expect(throws: GraphError.duplicateStage(StageID(.load, "x"))) {
            try StageGraph([stage(.load, "x"), stage(.load, "x")])
        }
    }

    @Test func closureIncludesEveryInputTransitively() throws {
        let graph = try StageGraph([
            stage(.load, "d"), stage(.scale, "m", [StageID(.load, "d")]), stage(.train, "m", [StageID(.scale, "m")]),
            stage(.train, "other", [StageID(.scale, "m")])
        ])
        #expect(graph.closure(of: [StageID(.train, "m")]).map(\.id.description) == ["load/d", "scale/m", "train/m"])
    }

    @Test func namingAnUnknownStageSuggestsTheClosestOne() throws {
        let graph = try StageGraph([stage(.train, "fixed-1000")])
        #expect(throws: GraphError.unknownStage("train/fixed-100", suggestion: "train/fixed-1000")) {
            try graph.stage(named: "train/fixed-100")
        }
    }

    /// Ready stages are taken smallest first, as the sorted list they once were: the order of a
    /// graph is the same, now found in n log n. 60,000 evaluations of one training take seconds
    /// here; the sorted list re-sorted on every insertion never finished.
    @Test func ordersAWideGraphSmallestReadyStageFirst() throws {
        var rng = SeededGenerator(seed: 26)
        let train = StageID(.train, "m")
        var names = (0..<60_000).map { "m@\($0)" }
        for i in names.indices.reversed() { names.swapAt(i, rng.nextIndex(below: i + 1)) }
        let evaluations = names.map { stage(.evaluate, $0, [train]) }
        let graph = try StageGraph(evaluations + [stage(.load, "b"), stage(.load, "a"), stage(.train, "m")])
        let expected =
            [StageID(.load, "a"), StageID(.load, "b"), train] + names.sorted().map { StageID(.evaluate, $0) }
        #expect(graph.stages.map(\.id) == expected)
    }
}
