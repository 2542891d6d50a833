import Foundation
import ParamRunPipeline

/// The text of Slurm batch scripts: `#SBATCH` requests, then `paramrun stage` for the job's
/// stage, or for the array task's stage chosen by `SLURM_ARRAY_TASK_ID`.
package enum JobScript {
    package static func slurm(_ group: JobGroup, context: ClusterContext) -> String {
        let r = context.requests
        let cpus = context.cpus(for: group.stages)
        var lines = [
            "#!/bin/bash",
            "# Written by paramrun submit for spec \(context.spec.name): "
                + "\(group.stages.count) stage(s) of kind \(group.kind.rawValue).",
            "#SBATCH --job-name=paramrun-\(context.spec.name)-\(group.name)"
        ]
        if group.isArray {
            lines.append("#SBATCH --array=0-\(group.stages.count - 1)")
            // Slurm's own messages (a time limit, a cancellation) for each task; the stage's output goes to its log.
            let folder = context.logURL(group.stages[0].id).deletingLastPathComponent()
            lines.append("#SBATCH --output=\(sbatchQuote(folder.appendingPathComponent("slurm-%A_%a.out").path))")
        } else {
            lines.append("#SBATCH --output=\(sbatchQuote(context.logURL(group.stages[0].id).path))")
        }
        lines.append("#SBATCH --cpus-per-task=\(cpus)")
        if let memory = r.memory { lines.append("#SBATCH --mem=\(memory)") }
        if let time = r.time { lines.append("#SBATCH --time=\(time)") }
        if let partition = r.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let account = r.account { lines.append("#SBATCH --account=\(account)") }
        lines.append("#SBATCH --kill-on-invalid-dep=yes")
        for flag in r.sbatchArgs { lines.append("#SBATCH \(flag)") }
        lines.append("set -u")
        // A stage runs with its own threads whatever cores the job asks for: threads are part of
        // a training's configuration, since OpenBLAS's sums differ between thread counts.
        func command(_ stage: Stage) -> String {
            ([context.executable] + invocation(of: stage, context: context).arguments).map(shellQuote)
                .joined(separator: " ")
        }
        if group.isArray {
            lines.append("case \"${SLURM_ARRAY_TASK_ID:-}\" in")
            for (task, stage) in group.stages.enumerated() {
                lines.append("  \(task)) log=\(shellQuote(context.logURL(stage.id).path))")
                lines.append("     echo \"task \(task): \(stage.id) on $(hostname), log: $log\"")
                lines.append("     exec \(command(stage)) >\"$log\" 2>&1 ;;")
            }
            lines.append("  *) echo \"paramrun: no stage for array task '${SLURM_ARRAY_TASK_ID:-}'\" >&2; exit 2 ;;")
            lines.append("esac")
        } else {
            lines.append("exec \(command(group.stages[0]))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a job runs for `stage`: no events, grants or parent, since nothing on the batch
    /// node reads them.
    package static func invocation(of stage: Stage, context: ClusterContext) -> StageInvocation {
        StageInvocation(
            spec: context.specPath, stage: stage.id.description, outputs: context.outputs.path,
            threads: stage.threads)
    }

    /// A value for an `#SBATCH` line, in double quotes so spaces stay in it; paths with double
    /// quotes or control characters are refused earlier (``ClusterContext/checkPaths()``).
    package static func sbatchQuote(_ text: String) -> String {
        "\"" + text + "\""
    }

    /// `afterok:12_0:13` for the parents' job references.
    package static func dependency(_ refs: [String]) -> String {
        "afterok:" + refs.joined(separator: ":")
    }

    /// Single-quotes for the shell; a single quote inside becomes `'\''`.
    package static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Quotes only what needs it, so commands shown to people stay readable.
    package static func shellQuoteIfNeeded(_ text: String) -> String {
        let plain = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,%@+")
        return !text.isEmpty && text.unicodeScalars.allSatisfy(plain.contains) ? text : shellQuote(text)
    }
}
