import Foundation

/// Reads job states from Slurm: `squeue` first, `scontrol show job` for what it no longer lists
/// and for exit codes, `sacct` last, for jobs the controller has forgotten. Clusters without
/// accounting (no slurmdbd) answer sacct with an error, which is not a failure here.
///
/// Jobs are named by references: `123` for a plain job, `123_4` for task 4 of array job 123.
package struct SlurmQuery: Sendable {
    package var runner: CommandRunner

    package init(runner: CommandRunner = CommandRunner()) {
        self.runner = runner
    }

    /// The states of every task of the given jobs (base IDs, as sbatch printed them), by reference.
    /// A job that none of the three tools knows is missing from the result.
    package func states(of jobIDs: [String]) throws -> [String: JobState] {
        var result: [String: JobState] = [:]
        for id in Set(jobIDs).sorted() {
            let queue = try runner.run("squeue", ["-h", "-r", "-t", "all", "-j", id, "-o", "%i %T"])
            var found = queue.succeeded ? Self.parseSqueue(queue.stdout) : [:]
            // scontrol also gives exit codes and reasons, which squeue's output here lacks.
            if found.isEmpty || found.values.contains(where: { $0.phase == .failed || $0.phase == .cancelled }) {
                let shown = try runner.run("scontrol", ["show", "job", id])
                if shown.succeeded {
                    for (ref, state) in Self.parseScontrol(shown.stdout) { found[ref] = state }
                }
            }
            if found.isEmpty {
                // Without accounting sacct says "accounting storage is disabled", and some sites do
                // not install it at all: either way there is nothing more to learn about this job.
                if let accounted = try? runner.run("sacct", ["-n", "-P", "-j", id, "-o", "JobID,State,ExitCode"]),
                    accounted.succeeded
                {
                    found = Self.parseSacct(accounted.stdout)
                }
            }
            result.merge(found) { _, new in new }
        }
        return result
    }

    /// `squeue -h -r -t all -o '%i %T'`: one `REF STATE` line per job or array task.
    package static func parseSqueue(_ text: String) -> [String: JobState] {
        var states: [String: JobState] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2 else { continue }
            for ref in expand(String(parts[0])) { states[ref] = JobState(raw: String(parts[1])) }
        }
        return states
    }

    /// `scontrol show job ID`: blank-line separated records of `Key=Value` words; an array job
    /// gives one record per task that has started and one for those still pending together.
    package static func parseScontrol(_ text: String) -> [String: JobState] {
        var states: [String: JobState] = [:]
        let records = text.components(separatedBy: "\n\n")
        for record in records {
            var fields: [String: String] = [:]
            for word in record.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                guard let eq = word.firstIndex(of: "=") else { continue }
                let key = String(word[..<eq])
                if fields[key] == nil { fields[key] = String(word[word.index(after: eq)...]) }
            }
            guard let jobID = fields["JobId"], let raw = fields["JobState"] else { continue }
            let state = JobState(raw: raw, exitCode: fields["ExitCode"], reason: fields["Reason"])
            if let array = fields["ArrayJobId"], let tasks = fields["ArrayTaskId"], tasks != "N/A" {
                for ref in expand("\(array)_[\(tasks)]") { states[ref] = state }
            } else {
                states[jobID] = state
            }
        }
        return states
    }

    /// `sacct -n -P -o JobID,State,ExitCode`: job steps (`123.batch`) are skipped.
    package static func parseSacct(_ text: String) -> [String: JobState] {
        var states: [String: JobState] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, !parts[0].contains(".") else { continue }
            for ref in expand(parts[0]) { states[ref] = JobState(raw: parts[1], exitCode: parts[2]) }
        }
        return states
    }

    /// `123_[0-3,7%2]` → `123_0` … `123_3`, `123_7`; a plain reference stays as it is.
    package static func expand(_ ref: String) -> [String] {
        guard let open = ref.firstIndex(of: "["), let close = ref.firstIndex(of: "]"), open < close else {
            return [ref]
        }
        let base = ref[..<open]
        var inner = ref[ref.index(after: open)..<close]
        if let percent = inner.firstIndex(of: "%") { inner = inner[..<percent] }
        var refs: [String] = []
        for part in inner.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] {
                refs += (bounds[0]...bounds[1]).map { "\(base)\($0)" }
            } else if bounds.count == 1 {
                refs.append("\(base)\(bounds[0])")
            }
        }
        return refs
    }
}
