import Foundation
@testable import ParamRunCluster
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

@Suite struct ClusterStatusTests {
    @Test func storeRecordAndJobStatesCombine() throws {
        let outputs = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let c = try ClusterFixtures.context(outputs: outputs)
        let g = c.graph
        try ClusterFixtures.finish(g[StageID(.load, "train")]!, in: c.store)
        var record = JobRecord(backend: "slurm", spec: c.specPath, outputs: outputs.path)
        func job(_ id: StageID, _ job: String, _ task: Int?, key: String? = nil) {
            record.stages[id.description] = JobRecord.StageJob(
                job: job, task: task, key: key ?? g[id]!.key,
                log: "/nowhere/\(id.name).log", script: "s.sh", submitted: Date())
        }
        job(StageID(.load, "train"), "10", 0)
        job(StageID(.load, "test"), "10", 1)
        job(StageID(.scale, "lomo-0"), "11", 0)
        job(StageID(.scale, "lomo-1"), "11", 1)
        job(StageID(.train, "lomo-0"), "12", 0)
        job(StageID(.train, "lomo-1"), "12", 1)
        job(StageID(.evaluate, "lomo-0@0"), "13", 0, key: "an older key")
        let states = [
            "10_0": JobState(raw: "COMPLETED"), "10_1": JobState(raw: "RUNNING"),
            "11_0": JobState(raw: "FAILED", exitCode: "1:0"), "11_1": JobState(raw: "COMPLETED"),
            "12_0": JobState(raw: "CANCELLED", reason: "DependencyNeverSatisfied")
        ]
        let status = ClusterStatus.make(graph: g, store: c.store, record: record, states: states)
        func state(_ id: StageID) -> ClusterStatus.State? { status.entries.first { $0.stage == id }?.state }
        #expect(state(StageID(.load, "train")) == .cached)
        #expect(state(StageID(.load, "test")) == .running)
        #expect(state(StageID(.scale, "lomo-0")) == .failed)
        // Completed without a result in the store: as good as failed.
        #expect(state(StageID(.scale, "lomo-1")) == .failed)
        #expect(state(StageID(.train, "lomo-0")) == .cancelled)
        #expect(state(StageID(.train, "lomo-1")) == .lost)
        #expect(state(StageID(.evaluate, "lomo-0@0")) == .notSubmitted)
        #expect(state(StageID(.report, "sweep")) == .notSubmitted)
        #expect(status.live.map(\.stage) == [StageID(.load, "test")])
        #expect(ClusterStatus.jobIDs(in: record, graph: g, store: c.store) == ["10", "11", "12"])
        let text = status.render(specName: "sweep")
        #expect(text.contains("failed        scale/lomo-0"))
        #expect(text.contains("job 11_0 FAILED exit 1:0"))
        #expect(text.contains("    | (the log is empty or missing)"))
        #expect(text.contains("job 12_0 CANCELLED (DependencyNeverSatisfied)"))
    }

    @Test func jobsFileRoundTrips() throws {
        let folder = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = JobRecord.url(specFolder: folder)
        #expect(try JobRecord.load(url) == nil)
        var record = JobRecord(backend: "slurm", spec: "/s.yaml", outputs: "/o")
        record.stages["train/a"] = JobRecord.StageJob(
            job: "5", task: 2, key: "k", log: "/l", script: "/s",
            submitted: Date(timeIntervalSince1970: 1_800_000_000))
        try record.save(url)
        #expect(try JobRecord.load(url) == record)
        #expect(record.stages["train/a"]?.ref == "5_2")
    }

    @Test func requestsFromTheCommandLineWin() throws {
        let spec = try SpecLoader.load(text: ClusterFixtures.sweep, file: "sweep.yaml")
        #expect(
            spec.cluster
                == ClusterSpec(
                    memory: "2G", time: "1:00:00", partition: "short", account: "hep", sbatchArgs: ["--qos=normal"]))
        let merged = spec.cluster.overridden(
            by: ClusterSpec(backend: .htcondor, time: "30", sbatchArgs: ["--exclusive"]))
        #expect(
            merged
                == ClusterSpec(
                    backend: .htcondor, memory: "2G", time: "30", partition: "short", account: "hep",
                    sbatchArgs: ["--qos=normal", "--exclusive"]))
        #expect(
            ClusterSpec.isValidTime("2-00:00:00") && ClusterSpec.isValidTime("90") && !ClusterSpec.isValidTime("1h"))
        #expect(
            ClusterSpec.isValidMemory("500M") && !ClusterSpec.isValidMemory("2 GB") && !ClusterSpec.isValidMemory("0"))
    }
}
