import Foundation
import ParamRunPipeline
import ParamRunSupport

/// Writes an HTCondor DAGMan workflow, one node per unfinished stage (`JOB`, `VARS`, `RETRY`,
/// `PARENT … CHILD`) sharing one submit file, and runs `condor_submit_dag` where it exists.
/// Job arrays are a Slurm notion: DAGMan already runs independent nodes side by side.
package struct HTCondorBackend: ClusterBackend {
    package var runner: CommandRunner

    package init(runner: CommandRunner = CommandRunner()) {
        self.runner = runner
    }

    /// A DAG node name: letters, digits and `_` only.
    package static func nodeName(_ id: StageID) -> String {
        let text = "\(id.kind.rawValue)_\(id.name)".replacingOccurrences(of: "@", with: "_at_")
        return String(text.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    package static func dag(_ plan: SubmissionPlan, context: ClusterContext, submitFile: String) -> String {
        let stages = plan.submittedStages
        let running = Set(stages.map(\.id))
        let retries = context.requests.retries ?? 1
        var lines = [
            "# Written by paramrun submit for spec \(context.spec.name): \(stages.count) stage(s) not yet in the store."
        ]
        for stage in stages {
            lines.append("JOB \(nodeName(stage.id)) \(submitFile)")
        }
        for stage in stages {
            let values = [
                "\(stageVariable)=\(varsQuote(stage.id.description))",
                "\(threadsVariable)=\"\(stage.threads)\"", "cpus=\"\(context.cpus(for: [stage]))\"",
                "log=\(varsQuote(context.logURL(stage.id).path))"
            ]
            lines.append("VARS \(nodeName(stage.id)) " + values.joined(separator: " "))
        }
        for stage in stages {
            lines.append("RETRY \(nodeName(stage.id)) \(retries)")
        }
        for stage in stages {
            let parents = stage.inputs.filter(running.contains)
            if !parents.isEmpty {
                lines.append("PARENT \(parents.map(nodeName).joined(separator: " ")) CHILD \(nodeName(stage.id))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DAG `VARS` value: double-quoted, with backslashes and double quotes escaped by a backslash.
    static func varsQuote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The DAG variables that carry each node's stage and threads into the submit file.
    static let stageVariable = "stage"
    static let threadsVariable = "threads"

    /// What every node runs; the node's `VARS` fill in its stage and threads.
    package static func stageArguments(context: ClusterContext) -> [String] {
        StageInvocation.arguments(
            spec: context.specPath, outputs: context.outputs.path,
            stagePlaceholder: "$(\(stageVariable))", threadsPlaceholder: "$(\(threadsVariable))")
    }

    package static func submitFile(context: ClusterContext, userLog: String) -> String {
        let r = context.requests
        // New-style arguments: the whole list in double quotes, each argument in single quotes.
        let arguments = stageArguments(context: context)
            .map {
                "'" + $0.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\"", with: "\"\"") + "'"
            }
            .joined(separator: " ")
        var lines = [
            "# Written by paramrun submit: one stage per DAG node; "
                + "the node's VARS fill in $(stage), $(threads), $(cpus), $(log).",
            "universe = vanilla",
            "executable = \(context.executable)",
            "arguments = \"\(arguments)\"",
            "request_cpus = $(cpus)"
        ]
        if let memory = r.memory { lines.append("request_memory = \(memory)") }
        if let time = r.time { lines.append("# wall time asked for in the spec (Slurm notation): \(time)") }
        lines += [
            "output = $(log)",
            "error = $(log)",
            "log = \(userLog)",
            // The store is on a filesystem every node shares: nothing is transferred.
            "should_transfer_files = NO",
            "getenv = true",
            "queue"
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    package func submit(
        _ plan: SubmissionPlan, context: ClusterContext, dryRun: Bool,
        log: (String) -> Void, record: (StageID, JobRecord.StageJob) throws -> Void
    ) throws {
        let folder = context.scriptsFolder(.htcondor)
        let submit = folder.appendingPathComponent("stage.sub")
        let dag = folder.appendingPathComponent("\(context.spec.name).dag")
        let userLog = folder.appendingPathComponent("\(context.spec.name).condor.log")
        try Self.checkMacros(plan, context: context, files: [submit, dag, userLog])
        try context.makeFolder(folder)
        for stage in plan.submittedStages {
            try context.makeFolder(context.logURL(stage.id).deletingLastPathComponent())
        }
        try AtomicFile.write(Self.submitFile(context: context, userLog: userLog.path), to: submit)
        try AtomicFile.write(Self.dag(plan, context: context, submitFile: submit.path), to: dag)
        log("wrote \(dag.path)")
        log("wrote \(submit.path)")
        // DAGMan refuses to start over its own files from an earlier run unless told to.
        let arguments = ["-force", dag.path]
        if dryRun {
            log("condor_submit_dag \(arguments.joined(separator: " "))")
            return
        }
        guard CommandRunner.which("condor_submit_dag") != nil else {
            log("condor_submit_dag is not installed here; on an HTCondor submit node run:")
            log("  condor_submit_dag \(arguments.map(JobScript.shellQuoteIfNeeded).joined(separator: " "))")
            return
        }
        let output = try runner.check("condor_submit_dag", arguments)
        // "1 job(s) submitted to cluster 42."
        let cluster = output.stdout.range(of: #"submitted to cluster ([0-9]+)"#, options: .regularExpression)
            .map {
                output.stdout[$0].split(separator: " ").last!.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
        guard let cluster else {
            throw ClusterError.unexpectedOutput(
                command: "condor_submit_dag " + arguments.joined(separator: " "), output: output.stdout)
        }
        log("submitted DAG as HTCondor cluster \(cluster)")
        let now = Date()
        for stage in plan.submittedStages {
            try record(
                stage.id,
                JobRecord.StageJob(
                    job: cluster, task: nil, key: stage.key, log: context.logURL(stage.id).path,
                    script: dag.path, submitted: now))
        }
    }
}
