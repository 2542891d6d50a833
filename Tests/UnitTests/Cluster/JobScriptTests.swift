import Foundation
@testable import ParamRunCluster
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

@Suite struct JobScriptTests {
    @Test func anArrayScriptMapsTasksToStages() throws {
        let outputs = URL(fileURLWithPath: "/shared/out")
        let c = try ClusterFixtures.context(outputs: outputs)
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        let script = JobScript.slurm(plan.groups[2], context: c)
        let lines = script.split(separator: "\n").map(String.init)
        #expect(lines[0] == "#!/bin/bash")
        #expect(lines.contains("#SBATCH --job-name=paramrun-sweep-train"))
        #expect(lines.contains("#SBATCH --array=0-1"))
        #expect(lines.contains("#SBATCH --output=\"/shared/out/sweep/logs/cluster/train/slurm-%A_%a.out\""))
        // The lomo models ask for 2 threads, so the array asks for 2 cores per task.
        #expect(lines.contains("#SBATCH --cpus-per-task=2"))
        #expect(lines.contains("#SBATCH --mem=2G"))
        #expect(lines.contains("#SBATCH --time=1:00:00"))
        #expect(lines.contains("#SBATCH --partition=short"))
        #expect(lines.contains("#SBATCH --account=hep"))
        #expect(lines.contains("#SBATCH --kill-on-invalid-dep=yes"))
        #expect(lines.contains("#SBATCH --qos=normal"))
        #expect(lines.contains("case \"${SLURM_ARRAY_TASK_ID:-}\" in"))
        let names = plan.groups[2].stages.map(\.id.description)
        for (task, name) in names.enumerated() {
            let stage = c.graph[StageID(parsing: name)!]!
            #expect(lines.contains("  \(task)) log='/shared/out/sweep/logs/cluster/train/\(stage.id.name).log'"))
            #expect(
                lines.contains(
                    "     exec '/opt/paramrun/bin/paramrun' 'stage' '/data/specs/sweep.yaml' '\(name)' '--outputs' '/shared/out' '--threads' '\(stage.threads)' >\"$log\" 2>&1 ;;"
                ))
        }
    }

    @Test func aSingleStageWritesStraightToItsLog() throws {
        let c = try ClusterFixtures.context(
            outputs: URL(fileURLWithPath: "/shared/out"), overrides: ClusterSpec(cpus: 4, memory: "8G"))
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        let script = JobScript.slurm(plan.groups[4], context: c)
        #expect(script.contains("#SBATCH --output=\"/shared/out/sweep/logs/cluster/report/sweep.log\"\n"))
        #expect(!script.contains("--array"))
        // Command-line requests win over the spec's.
        #expect(script.contains("#SBATCH --cpus-per-task=4\n"))
        #expect(script.contains("#SBATCH --mem=8G\n"))
        #expect(script.contains("#SBATCH --partition=short\n"))
        #expect(
            script.hasSuffix(
                "exec '/opt/paramrun/bin/paramrun' 'stage' '/data/specs/sweep.yaml' 'report/sweep' '--outputs' '/shared/out' '--threads' '1'\n"
            ))
        #expect(script.contains("#SBATCH --cpus-per-task=4\n"))
    }

    @Test func eachTaskRunsExactlyWhatStageInvocationBuilds() throws {
        let c = try ClusterFixtures.context(
            outputs: URL(fileURLWithPath: "/shared/my out"),
            file: "/data/it's/sweep.yaml")
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        for group in plan.groups {
            let lines = JobScript.slurm(group, context: c).split(separator: "\n").map(String.init)
            let execs = lines.filter { $0.contains("exec ") }
            #expect(execs.count == group.stages.count)
            for (stage, line) in zip(group.stages, execs) {
                let invocation = JobScript.invocation(of: stage, context: c)
                #expect(
                    invocation
                        == StageInvocation(
                            spec: c.specPath, stage: stage.id.description,
                            outputs: c.outputs.path, threads: stage.threads))
                let command = ([c.executable] + invocation.arguments).map(JobScript.shellQuote).joined(separator: " ")
                let expected = group.isArray ? "     exec \(command) >\"$log\" 2>&1 ;;" : "exec \(command)"
                #expect(line == expected)
            }
        }
    }

    @Test func dependenciesAndQuoting() {
        #expect(JobScript.dependency(["12_0", "13"]) == "afterok:12_0:13")
        #expect(JobScript.shellQuote("it's here") == "'it'\\''s here'")
        #expect(JobScript.shellQuoteIfNeeded("--dependency=afterok:1_0") == "--dependency=afterok:1_0")
        #expect(JobScript.shellQuoteIfNeeded("a b") == "'a b'")
    }

    @Test func pathsWithSpacesAreQuoted() throws {
        let c = try ClusterFixtures.context(
            outputs: URL(fileURLWithPath: "/shared/my out"), file: "/data/my specs/sweep.yaml")
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        let script = JobScript.slurm(plan.groups[4], context: c)
        #expect(script.contains("'/data/my specs/sweep.yaml' 'report/sweep' '--outputs' '/shared/my out'"))
    }
}

/// What goes into job scripts is quoted for each file's syntax.
@Suite struct JobScriptQuotingTests {
    @Test func dagVarsEscapeBackslashesAndQuotes() {
        #expect(HTCondorBackend.varsQuote(#"/a b/"c"\d"#) == #""/a b/\"c\"\\d""#)
    }

    @Test func sbatchValuesAreDoubleQuoted() {
        #expect(JobScript.sbatchQuote("/path with space/x.log") == "\"/path with space/x.log\"")
    }

    @Test func pathsWithControlCharactersOrQuotesAreRefused() throws {
        let outputs = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: outputs) }
        for bad in ["/tmp/a\nb", "/tmp/a\"b", "/tmp/a\u{7F}b"] {
            let context = try ClusterFixtures.context(outputs: URL(fileURLWithPath: bad))
            #expect(throws: ClusterError.self) { try context.checkPaths() }
        }
        #expect(throws: Never.self) { try ClusterFixtures.context(outputs: outputs).checkPaths() }
    }
}
