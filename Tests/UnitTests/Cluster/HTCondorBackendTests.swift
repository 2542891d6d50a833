import Foundation
@testable import ParamRunCluster
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

/// Debian 12 packages no HTCondor, so these check the DAGMan files' content, not a live pool.
@Suite struct HTCondorBackendTests {
    @Test func theDAGHasAJobVarsAndRetryPerStageAndItsEdges() throws {
        let c = try ClusterFixtures.context(
            outputs: URL(fileURLWithPath: "/shared/out"), overrides: ClusterSpec(retries: 2))
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        let dag = HTCondorBackend.dag(plan, context: c, submitFile: "/shared/out/sweep/cluster/htcondor/stage.sub")
        let lines = dag.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("JOB ") }.count == c.graph.stages.count)
        #expect(lines.contains("JOB train_lomo_0 /shared/out/sweep/cluster/htcondor/stage.sub"))
        #expect(
            lines.contains(
                "VARS evaluate_lomo_0_at_0 stage=\"evaluate/lomo-0@0\" threads=\"1\" cpus=\"1\" log=\"/shared/out/sweep/logs/cluster/evaluate/lomo-0@0.log\""
            ))
        #expect(
            lines.contains(
                "VARS train_lomo_1 stage=\"train/lomo-1\" threads=\"2\" cpus=\"2\" log=\"/shared/out/sweep/logs/cluster/train/lomo-1.log\""
            ))
        #expect(lines.contains("RETRY train_lomo_1 2"))
        #expect(lines.contains("PARENT scale_lomo_1 CHILD train_lomo_1"))
        #expect(lines.contains("PARENT train_lomo_0 load_test CHILD evaluate_lomo_0_at_0"))
        #expect(lines.contains("PARENT evaluate_lomo_0_at_0 evaluate_lomo_1_at_1 CHILD report_sweep"))
    }

    @Test func cachedParentsLeaveTheDAG() throws {
        let outputs = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let c = try ClusterFixtures.context(outputs: outputs)
        for stage in c.graph.stages where stage.id.kind == .load || stage.id.kind == .scale {
            try ClusterFixtures.finish(stage, in: c.store)
        }
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        let dag = HTCondorBackend.dag(plan, context: c, submitFile: "stage.sub")
        #expect(!dag.contains("JOB load_"))
        #expect(!dag.contains("CHILD train_"))
        #expect(dag.contains("PARENT train_lomo_1 CHILD evaluate_lomo_1_at_1\n"))
        #expect(dag.contains("RETRY train_lomo_1 1\n"))
    }

    @Test func theSubmitFileRunsOneStagePerNode() throws {
        let c = try ClusterFixtures.context(outputs: URL(fileURLWithPath: "/shared/out"))
        let text = HTCondorBackend.submitFile(
            context: c, userLog: "/shared/out/sweep/cluster/htcondor/sweep.condor.log")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("universe = vanilla"))
        #expect(lines.contains("executable = /opt/paramrun/bin/paramrun"))
        #expect(
            lines.contains(
                "arguments = \"'stage' '/data/specs/sweep.yaml' '$(stage)' '--outputs' '/shared/out' '--threads' '$(threads)'\""
            ))
        #expect(lines.contains("request_cpus = $(cpus)"))
        #expect(lines.contains("request_memory = 2G"))
        #expect(lines.contains("output = $(log)"))
        #expect(lines.contains("should_transfer_files = NO"))
        #expect(lines.last == "queue")
    }

    @Test func theSubmitFileRunsExactlyWhatStageInvocationBuilds() throws {
        let c = try ClusterFixtures.context(outputs: URL(fileURLWithPath: "/shared/it's out"))
        let text = HTCondorBackend.submitFile(context: c, userLog: "/shared/x.condor.log")
        let arguments = StageInvocation.arguments(
            spec: c.specPath, outputs: c.outputs.path,
            stagePlaceholder: "$(stage)", threadsPlaceholder: "$(threads)")
        #expect(HTCondorBackend.stageArguments(context: c) == arguments)
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: " ")
        #expect(text.split(separator: "\n").contains { $0 == "arguments = \"\(quoted)\"" })
        // The node's VARS name each stage as StageInvocation would, with its own threads.
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        let dag = HTCondorBackend.dag(plan, context: c, submitFile: "stage.sub")
        for stage in plan.submittedStages {
            let name = HTCondorBackend.nodeName(stage.id)
            #expect(dag.contains("VARS \(name) stage=\"\(stage.id)\" threads=\"\(stage.threads)\""))
        }
    }
}
