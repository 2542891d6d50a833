import Foundation
import ParamRunPipeline
import ParamRunSupport

/// Submits with `sbatch`: one job (or job array) per ``JobGroup``, each with
/// `--dependency=afterok:` on its parents' jobs and `--kill-on-invalid-dep=yes`, so a failed
/// parent's dependents end CANCELLED instead of pending forever.
package struct SlurmBackend: ClusterBackend {
    package var runner: CommandRunner

    package init(runner: CommandRunner = CommandRunner()) {
        self.runner = runner
    }

    /// `03-train.sh`: numbered in submission order, so the folder lists them as they depend.
    package static func scriptName(_ index: Int, _ group: JobGroup) -> String {
        String(format: "%02d-%@.sh", index + 1, group.name)
    }

    package func submit(
        _ plan: SubmissionPlan, context: ClusterContext, dryRun: Bool,
        log: (String) -> Void, record: (StageID, JobRecord.StageJob) throws -> Void
    ) throws {
        let folder = context.scriptsFolder(.slurm)
        try context.makeFolder(folder)
        var refs = plan.live
        for (index, group) in plan.groups.enumerated() {
            let script = folder.appendingPathComponent(Self.scriptName(index, group))
            try AtomicFile.write(JobScript.slurm(group, context: context), to: script)
            for stage in group.stages {
                try context.makeFolder(context.logURL(stage.id).deletingLastPathComponent())
            }
            var arguments = ["--parsable"]
            if !group.parents.isEmpty {
                // In a dry run the parents have no IDs yet: name them instead.
                let parentRefs = group.parents.map { refs[$0] ?? "<\($0)>" }
                arguments += ["--dependency=" + JobScript.dependency(parentRefs), "--kill-on-invalid-dep=yes"]
            }
            arguments.append(script.path)
            let stages = group.stages.map(\.id.description).joined(separator: " ")
            if dryRun {
                log(
                    "sbatch \(arguments.dropFirst().map(JobScript.shellQuoteIfNeeded).joined(separator: " "))"
                        + "   # \(stages)"
                )
                continue
            }
            let output = try runner.check("sbatch", arguments)
            // --parsable prints "ID" or "ID;cluster".
            let id =
                output.stdout.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                ?? ""
            guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
                throw ClusterError.unexpectedOutput(
                    command: CommandRunner.describe("sbatch", arguments), output: output.stdout)
            }
            log("submitted job \(id)\(group.isArray ? " (array of \(group.stages.count))" : ""): \(stages)")
            let now = Date()
            for (task, stage) in group.stages.enumerated() {
                let job = JobRecord.StageJob(
                    job: id, task: group.isArray ? task : nil, key: stage.key,
                    log: context.logURL(stage.id).path, script: script.path, submitted: now)
                refs[stage.id] = job.ref
                try record(stage.id, job)
            }
        }
    }
}
