import Foundation
import ParamRunPipeline
import ParamRunSpec
import ParamRunSupport

/// Submits a spec's unfinished stages to a batch cluster, follows them, and sums them up.
///
/// Submitting again is always safe: stages in the store are skipped, and so are stages whose
/// job is still queued or running (their dependents wait on that job instead), so no live job
/// is ever duplicated. A lock on jobs.json keeps two submissions from racing.
package final class ClusterSubmitter {
    package let context: ClusterContext
    package let backendKind: ClusterSpec.Backend
    package let runner: CommandRunner

    package var recordURL: URL { JobRecord.url(specFolder: context.specFolder) }

    package init(context: ClusterContext, backend: ClusterSpec.Backend, runner: CommandRunner = CommandRunner()) {
        self.context = context
        self.backendKind = backend
        self.runner = runner
    }

    /// The stages' states now; queries Slurm only for jobs whose stage is not yet in the store.
    package func status() throws -> ClusterStatus {
        let record = try JobRecord.load(recordURL)
        var states: [String: JobState] = [:]
        if record?.backend == ClusterSpec.Backend.slurm.rawValue {
            let ids = ClusterStatus.jobIDs(in: record, graph: context.graph, store: context.store)
            if !ids.isEmpty { states = try SlurmQuery(runner: runner).states(of: ids) }
        }
        return ClusterStatus.make(graph: context.graph, store: context.store, record: record, states: states)
    }

    /// Submits what is neither in the store nor queued or running, and returns the plan.
    package func submit(dryRun: Bool, log: (String) -> Void) throws -> SubmissionPlan {
        try context.checkPaths()
        try context.makeFolder(context.specFolder)
        let lock = try FileLock(context.specFolder.appendingPathComponent(".jobs.lock"))
        try lock.acquire()
        defer { lock.release() }

        var record =
            try JobRecord.load(recordURL)
            ?? JobRecord(backend: backendKind.rawValue, spec: context.specPath, outputs: context.outputs.path)
        var live: [StageID: String] = [:]
        if record.backend == ClusterSpec.Backend.slurm.rawValue, !record.stages.isEmpty {
            for entry in try status().live { live[entry.stage] = entry.job!.ref }
        }
        if backendKind != .slurm, !live.isEmpty {
            // Another backend would compute the same stages again beside the queued Slurm jobs.
            throw ClusterError.liveElsewhere(backend: record.backend, jobs: live.values.sorted())
        }
        if !record.stages.isEmpty, record.backend != backendKind.rawValue {
            log(
                "note: jobs.json holds \(record.backend) jobs; "
                    + "they are not followed by the \(backendKind.rawValue) backend"
            )
            record = JobRecord(backend: backendKind.rawValue, spec: context.specPath, outputs: context.outputs.path)
        }
        // Entries the jobs would reuse are checked first; a damaged one is moved aside and resubmitted.
        let settled = context.graph.stages.filter { live[$0.id] == nil }
        for finding in StoreVerifier.verify(settled, store: context.store, repair: !dryRun) {
            log("REPAIR  \(finding.stage): \(finding)")
        }
        let plan = SubmissionPlan.make(graph: context.graph, store: context.store, live: live)
        log(
            "\(context.spec.name): \(plan.cached.count) cached, \(live.count) already queued or running, "
                + "\(plan.submittedStages.count) to submit"
                + (plan.groups.isEmpty ? "" : backendKind == .slurm ? " as \(plan.groups.count) job(s)" : " as one DAG")
        )
        guard !plan.groups.isEmpty else { return plan }
        let backend: ClusterBackend =
            backendKind == .slurm ? SlurmBackend(runner: runner) : HTCondorBackend(runner: runner)
        let url = recordURL
        try backend.submit(plan, context: context, dryRun: dryRun, log: log) { id, job in
            record.stages[id.description] = job
            try record.save(url)
        }
        return plan
    }

    /// Polls until no stage is pending or running, reporting each poll; throws after `timeout` seconds.
    package func wait(timeout: Double?, interval: Double = 0.5, progress: (ClusterStatus) -> Void) throws
        -> ClusterStatus
    {
        let start = Date()
        while true {
            let now = try status()
            progress(now)
            if now.live.isEmpty { return now }
            if let timeout, Date().timeIntervalSince(start) > timeout {
                throw ClusterError.waitTimedOut(
                    seconds: timeout, live: now.live.map { "\($0.stage) (job \($0.job!.ref))" })
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// Copies finished stages' readable results to `outputs/<spec>/`, as a local run does;
    /// throws the ``RunError`` that says which file could not be published.
    package func publishResults() throws {
        try Publisher.publishFinished(
            context.graph.stages, graph: context.graph, spec: context.spec, store: context.store,
            outputs: context.outputs)
    }

    /// The summary a local run prints: stages this submission computed are `done`, those found
    /// in the store `cached`, failed jobs `failed` with their logs, cancelled dependents `skipped`.
    package func summary(_ status: ClusterStatus, submitted: Set<StageID>, wallTime: Double) -> String {
        let done = status.entries.filter { $0.state == .cached && submitted.contains($0.stage) }.count
        let cached = status.count(.cached) - done
        let failed = status.entries.filter { $0.state == .failed || $0.state == .lost }
        let skipped = status.entries.filter { $0.state == .cancelled || $0.state == .notSubmitted }
        var lines = [
            String(
                format: "%@: %d done, %d cached, %d failed, %d skipped in %.1f s", context.spec.name,
                done, cached, failed.count, skipped.count, wallTime)
        ]
        let broken = Set(failed.map(\.stage))
        for entry in failed {
            let what =
                entry.jobState.map { "job \(entry.job!.ref) \($0.raw)" + ($0.exitCode.map { " exit \($0)" } ?? "") }
                ?? "job \(entry.job?.ref ?? "?") is unknown to Slurm"
            let reason = entry.job.flatMap { ClusterStatus.tail(of: $0.log, lines: 20) }.flatMap(
                LocalRunner.lastError(in:))
            lines.append("  failed  \(entry.stage): \(reason ?? what)")
            if let job = entry.job { lines.append("          \(what), log: \(job.log)") }
        }
        for entry in skipped {
            if let blocker = firstBroken(above: [entry.stage], in: broken) {
                lines.append("  skipped \(entry.stage): needs \(blocker)")
            } else if let job = entry.job?.job,
                let blocker = firstBroken(above: status.entries.filter { $0.job?.job == job }.map(\.stage), in: broken)
            {
                // An array job waits for all its tasks' parents, so one broken branch cancels its siblings too.
                lines.append("  skipped \(entry.stage): its job array \(job) waited on \(blocker)")
            } else {
                lines.append("  skipped \(entry.stage): \(entry.state.rawValue)")
            }
        }
        if failed.isEmpty && skipped.isEmpty { lines.append("results: \(context.specFolder.path)") }
        return lines.joined(separator: "\n")
    }

    /// The nearest failed ancestor, which is why a cancelled stage never ran.
    private func firstBroken(above ids: [StageID], in broken: Set<StageID>) -> StageID? {
        var queue = ids.flatMap { context.graph[$0]?.inputs ?? [] }
        var seen: Set<StageID> = []
        while !queue.isEmpty {
            let next = queue.removeFirst()
            if broken.contains(next) { return next }
            if seen.insert(next).inserted { queue += context.graph[next]?.inputs ?? [] }
        }
        return nil
    }
}
