import Foundation
import ParamRunPipeline
import ParamRunTestSupport
import Testing

/// End-to-end tests of `paramrun run` on small specs, through the built binary.
@Suite(.serialized) struct RunnerTests {
    static let specs = Binary.fixtures.appendingPathComponent("specs/run")

    struct Run {
        let outputs: URL
        let specName: String
        var folder: URL { outputs.appendingPathComponent(specName) }

        func read(_ path: String) throws -> String {
            try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        }

        func events() throws -> [[String: Any]] {
            try read("events.jsonl").split(separator: "\n").compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// Stage IDs with the given event, in the order they happened.
        func stages(_ event: String, after line: Int = 0) throws -> [String] {
            try events().dropFirst(line).filter { $0["event"] as? String == event }.compactMap {
                $0["stage"] as? String
            }
        }

        /// Each file in the store with its modification time.
        func storeFiles() throws -> [String: Date] {
            let store = outputs.appendingPathComponent(".store")
            var files: [String: Date] = [:]
            let enumerator = FileManager.default.enumerator(atPath: store.path)
            while let path = enumerator?.nextObject() as? String {
                let attributes = try FileManager.default.attributesOfItem(
                    atPath: store.appendingPathComponent(path).path)
                if attributes[.type] as? FileAttributeType == .typeRegular {
                    files[path] = attributes[.modificationDate] as? Date
                }
            }
            return files
        }

        /// The `stage.json` of the store entry that stage `id` made, as JSON.
        func stageRecord(_ id: String) throws -> [String: Any]? {
            let store = outputs.appendingPathComponent(".store")
            for name in try FileManager.default.contentsOfDirectory(atPath: store.path) where !name.hasPrefix(".") {
                let data = try Data(contentsOf: store.appendingPathComponent("\(name)/stage.json"))
                if let record = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                    record["id"] as? String == id
                {
                    return record
                }
            }
            return nil
        }

        /// Every folder the store publishes holds its metadata: nothing half-written is visible.
        func storeIsConsistent() throws -> Bool {
            let store = outputs.appendingPathComponent(".store")
            let names = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { !$0.hasPrefix(".") }
            return names.allSatisfy {
                FileManager.default.fileExists(atPath: store.appendingPathComponent("\($0)/stage.json").path)
            }
        }
    }

    func spec(_ name: String) -> String { Self.specs.appendingPathComponent("\(name).yaml").path }

    func fresh(_ specName: String) throws -> Run {
        Run(outputs: try Binary.temporaryDirectory(), specName: specName)
    }

    @Test func aSecondRunFindsEveryStageCached() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let first = try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("toy-small: 12 done, 0 cached, 0 failed, 0 skipped"))
        let before = try run.storeFiles()
        let table = try run.read("auc_vs_mass.csv")

        let lines = try run.events().count
        let second = try Binary.run([spec("toy-small"), "--outputs", run.outputs.path])
        #expect(second.status == 0)
        #expect(second.stdout.contains("toy-small: 0 done, 12 cached, 0 failed, 0 skipped"))
        #expect(try run.stages("stage-started", after: lines).isEmpty)
        #expect(try run.stages("stage-cached", after: lines).count == 12)
        #expect(try run.read("auc_vs_mass.csv") == table)
        // Nothing in the store was written again.
        #expect(try run.storeFiles() == before)
        #expect(try run.storeIsConsistent())
    }

    @Test func changingOneLearningRateRetrainsOnlyThatModelAndWhatFollows() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        // A copy of the spec beside the original, so its relative paths still hold.
        let changed = Self.specs.appendingPathComponent("toy-small-lr-\(UUID().uuidString.prefix(6)).yaml")
        defer { try? FileManager.default.removeItem(at: changed) }
        #expect(try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path]).status == 0)

        let text = try String(contentsOfFile: spec("toy-small"), encoding: .utf8)
            .replacingOccurrences(
                of: "param: {type: parameterized, held_out: [0]}",
                with:
                    "param: {type: parameterized, held_out: [0], optimizer: {sgd: {learning_rate: 0.02, momentum: 0.9}}}"
            )
        try text.write(to: changed, atomically: true, encoding: .utf8)

        let plan = try Binary.run(["run", changed.path, "--outputs", run.outputs.path, "--dry-run"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("9 cached, 3 to run"))
        #expect(
            plan.stdout.contains("train/param")
                && plan.stdout.contains("configuration changed: model.optimizer.sgd.learningRate"))
        #expect(plan.stdout.contains("input changed: train/param"))

        let lines = try run.events().count
        let rerun = try Binary.run(["run", changed.path, "--outputs", run.outputs.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(
            Set(try run.stages("stage-done", after: lines)) == ["train/param", "evaluate/param@0", "report/toy-small"])
    }

    @Test func aFailingStageStopsOnlyItsDependents() throws {
        let run = try fresh("one-branch-fails")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let result = try Binary.run(["run", spec("one-branch-fails"), "--outputs", run.outputs.path])
        #expect(result.status == 1)
        #expect(
            Set(try run.stages("stage-done")) == [
                "load/train", "load/test", "scale/good", "train/good", "evaluate/good@1"
            ])
        #expect(try run.stages("stage-failed") == ["load/broken"])
        #expect(
            Set(try run.stages("stage-skipped")) == [
                "scale/from-file", "train/from-file", "evaluate/from-file@1", "report/one-branch-fails"
            ])
        // The summary names the file, row and column of the broken value, and the stage's log.
        #expect(result.stdout.contains("failed  load/broken: "))
        #expect(result.stdout.contains("bad_number.csv:3:5 (f3): error: not a number: '0.12x'"))
        let log = run.folder.appendingPathComponent("logs/load/broken.log")
        #expect(result.stdout.contains("log: \(log.path)"))
        #expect(try String(contentsOf: log, encoding: .utf8).contains("not a number"))
        #expect(FileManager.default.fileExists(atPath: run.folder.appendingPathComponent("auc/good_1.json").path))
    }

    @Test func resultsAreIdenticalWhateverJobsIs() throws {
        let runs = try (0..<3).map { _ in try fresh("toy-small") }
        defer { for run in runs { try? FileManager.default.removeItem(at: run.outputs) } }
        for (run, jobs) in zip(runs, ["1", "2", "4"]) {
            #expect(
                try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path, "--jobs", jobs]).status == 0)
        }
        let one = runs[0]
        for other in runs.dropFirst() {
            #expect(try one.read("auc_vs_mass.csv") == other.read("auc_vs_mass.csv"))
            for model in ["param", "fixed", "mix"] {
                for path in ["scores/\(model)_0_scores.npy", "models/\(model).prmodel"] {
                    let a = try Data(contentsOf: one.folder.appendingPathComponent(path))
                    let b = try Data(contentsOf: other.folder.appendingPathComponent(path))
                    #expect(a == b, "\(path) differs")
                }
            }
        }
    }

    /// With `shards: 2` (toy-regrant) the lent core takes a shard; without (toy-regrant-rows) it
    /// shares the unsplit minibatch's rows.
    @Test(arguments: ["toy-regrant", "toy-regrant-rows"])
    func aTrainingGrantedAFreedCoreMidRunGivesTheSameResults(_ name: String) throws {
        let fixed = try fresh(name), elastic = try fresh(name)
        defer {
            try? FileManager.default.removeItem(at: fixed.outputs)
            try? FileManager.default.removeItem(at: elastic.outputs)
        }
        let reference = try Binary.run([
            "run", spec(name), "--outputs", fixed.outputs.path, "--jobs", "1", "--fixed-threads"
        ])
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(try fixed.stages("threads-changed").isEmpty)
        let result = try Binary.run([
            "run", spec(name), "--outputs", elastic.outputs.path, "--jobs", "2", "--cores", "2"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // The long training started with one thread and was granted the short one's core while it ran.
        let events = try elastic.events()
        let index = { (event: String) in
            events.firstIndex { $0["event"] as? String == event && $0["stage"] as? String == "train/long" }
        }
        let started = try #require(index("stage-started")), done = try #require(index("stage-done"))
        #expect(events[started]["threads"] as? Int == 1)
        let grant = try #require(index("threads-changed"), "no core was granted: \(events)")
        #expect(started < grant && grant < done && events[grant]["threads"] as? Int == 2)
        #expect(result.stderr.contains("threads train/long → 2"))
        // The record keeps both: the thread it started with and the two it held at the end.
        let record = try #require(try elastic.stageRecord("train/long"))
        #expect(record["threads"] as? Int == 1 && record["peakThreads"] as? Int == 2)
        #expect(try fixed.stageRecord("train/long")?["peakThreads"] as? Int == 1)
        #expect(try fixed.read("auc_vs_mass.csv") == elastic.read("auc_vs_mass.csv"))
        for model in ["long", "short"] {
            for path in ["scores/\(model)_0_scores.npy", "models/\(model).prmodel"] {
                let a = try Data(contentsOf: fixed.folder.appendingPathComponent(path))
                let b = try Data(contentsOf: elastic.folder.appendingPathComponent(path))
                #expect(a == b, "\(path) differs")
            }
        }
    }

    /// Starts `paramrun run` and returns once a training has checkpointed `epochs` epochs.
    func startAndWaitForEpoch(_ run: Run, spec path: String, epochs: Int) throws -> Process {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["run", path, "--outputs", run.outputs.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let reached =
                (try? run.events())?.contains {
                    $0["event"] as? String == "epoch" && ($0["epoch"] as? Int ?? 0) >= epochs
                } ?? false
            if reached { return process }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw CancellationError()
    }

    @Test func aRunKilledDuringTrainingResumesFromItsCheckpointToTheSameResult() throws {
        let reference = try fresh("toy-slow"), killed = try fresh("toy-slow")
        defer {
            try? FileManager.default.removeItem(at: reference.outputs)
            try? FileManager.default.removeItem(at: killed.outputs)
        }
        #expect(try Binary.run(["run", spec("toy-slow"), "--outputs", reference.outputs.path]).status == 0)

        let process = try startAndWaitForEpoch(killed, spec: spec("toy-slow"), epochs: 2)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try killed.storeIsConsistent())
        #expect(!FileManager.default.fileExists(atPath: killed.folder.appendingPathComponent("auc_vs_mass.csv").path))

        let lines = try killed.events().count
        let resumed = try Binary.run(["run", spec("toy-slow"), "--outputs", killed.outputs.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // Finished stages were kept, and the training went on from its last checkpoint.
        #expect(try killed.stages("stage-cached", after: lines).contains("load/train"))
        let firstEpoch =
            try killed.events().dropFirst(lines).first { $0["event"] as? String == "epoch" }?["epoch"] as? Int
        #expect((firstEpoch ?? 0) >= 3)
        #expect(try killed.read("auc_vs_mass.csv") == reference.read("auc_vs_mass.csv"))
        let a = try Data(contentsOf: reference.folder.appendingPathComponent("models/param.prmodel"))
        let b = try Data(contentsOf: killed.folder.appendingPathComponent("models/param.prmodel"))
        #expect(a == b)
    }

    @Test func ctrlCStopsCleanlyAndTheNextRunResumes() throws {
        let run = try fresh("toy-slow")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let process = try startAndWaitForEpoch(run, spec: spec("toy-slow"), epochs: 1)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        // The running training is stopped, and what had not started yet is not started.
        #expect(Set(try run.stages("stage-interrupted")) == ["train/param", "evaluate/param@0", "report/toy-slow"])
        #expect(!(try run.stages("stage-done")).contains("train/param"))
        #expect(try run.storeIsConsistent())
        let resumed = try Binary.run(["run", spec("toy-slow"), "--outputs", run.outputs.path])
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("done, 3 cached, 0 failed"))
    }

    @Test func onlyRunsTheNamedStagesAndTheirInputsAndForceRerunsACachedStage() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let only = try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path, "--only", "train/fixed"])
        #expect(only.status == 0)
        #expect(Set(try run.stages("stage-done")) == ["load/train", "scale/fixed", "train/fixed"])

        let lines = try run.events().count
        let forced = try Binary.run([
            "run", spec("toy-small"), "--outputs", run.outputs.path, "--only", "train/fixed", "--force", "train/fixed"
        ])
        #expect(forced.status == 0)
        #expect(try run.stages("stage-done", after: lines) == ["train/fixed"])

        let typo = try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path, "--only", "train/fixd"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no stage 'train/fixd' in this spec; did you mean 'train/fixed'?"))
    }

    @Test func aTrainingRunsWithAtMostItsShardsAsThreads() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let result = try Binary.run([
            "stage", spec("toy-small"), "train/param", "--outputs", run.outputs.path, "--threads", "3"
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("train/param can use 1 to 2 threads, found --threads 3"))
    }

    @Test func evaluateOutputsChooseWhatIsWrittenBesideTheTable() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let only = Self.specs.appendingPathComponent("toy-small-auc-\(UUID().uuidString.prefix(6)).yaml")
        defer { try? FileManager.default.removeItem(at: only) }
        try String(contentsOfFile: spec("toy-small"), encoding: .utf8)
            .replacingOccurrences(
                of: "  models: [param, fixed, mix]", with: "  models: [param, fixed, mix]\n  outputs: [auc]"
            )
            .write(to: only, atomically: true, encoding: .utf8)
        #expect(try Binary.run(["run", only.path, "--outputs", run.outputs.path, "--quiet"]).status == 0)
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: run.folder.path))
        #expect(written.isSuperset(of: ["auc", "auc_vs_mass.csv"]))
        #expect(written.isDisjoint(with: ["scores", "roc", "plots", "report.md", "report.html"]))
    }

    @Test func planSaysWhatIsCachedAndWhatIsNew() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let before = try Binary.run(["plan", spec("toy-small"), "--outputs", run.outputs.path])
        #expect(before.stdout.contains("0 cached, 12 to run"))
        #expect(before.stdout.contains("run     train/param"))
        #expect(before.stdout.contains("(new)"))
        #expect(
            try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path, "--only", "load/test"]).status == 0
        )
        let after = try Binary.run(["plan", spec("toy-small"), "--outputs", run.outputs.path])
        #expect(after.stdout.contains("1 cached, 11 to run"))
        #expect(after.stdout.contains("cached  load/test"))
    }

    @Test func eventsAreWrittenAsJSONLinesAndOutputIsPlainWhenNotATerminal() throws {
        let run = try fresh("toy-small")
        defer { try? FileManager.default.removeItem(at: run.outputs) }
        let result = try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path])
        let events = try run.events()
        #expect(events.first?["event"] as? String == "run-started")
        #expect(events.last?["event"] as? String == "run-finished")
        let epochs = events.filter { $0["event"] as? String == "epoch" && $0["stage"] as? String == "train/param" }
        #expect(epochs.map { $0["epoch"] as? Int } == [1, 2, 3, 4])
        #expect(epochs.allSatisfy { $0["loss"] is Double && $0["epochs"] as? Int == 4 })
        // With a validation fraction, each epoch reports the validation loss and AUC.
        #expect(epochs.allSatisfy { ($0["validation_auc"] as? Double).map { $0 > 0.5 && $0 <= 1 } ?? false })
        #expect(epochs.allSatisfy { $0["validation_loss"] is Double })
        // Not a terminal: timestamped lines, no cursor movement.
        #expect(!result.stderr.contains("\u{1B}["))
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("20") })
        let quiet = try Binary.run(["run", spec("toy-small"), "--outputs", run.outputs.path, "--quiet"])
        #expect(quiet.stderr.isEmpty)
    }
}
