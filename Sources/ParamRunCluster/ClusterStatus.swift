import Foundation
import ParamRunPipeline

/// Where each stage of a spec stands on the cluster: the store says what is finished, jobs.json
/// which job computes the rest, and the batch system how that job is doing.
package struct ClusterStatus: Sendable {
    package enum State: String, Sendable, CaseIterable {
        case cached, pending, running, failed, cancelled
        /// Submitted, but the batch system no longer knows the job and the store lacks its result.
        case lost
        case notSubmitted = "not submitted"
    }

    package struct Entry: Sendable {
        package var stage: StageID
        package var state: State
        package var job: JobRecord.StageJob?
        package var jobState: JobState?

        /// Would a submission now have to send this stage (again)?
        package var needsSubmission: Bool { state != .cached && state != .pending && state != .running }
    }

    package var entries: [Entry]

    package func count(_ state: State) -> Int { entries.filter { $0.state == state }.count }

    package var live: [Entry] { entries.filter { $0.state == .pending || $0.state == .running } }

    /// Combines the store, the job record, and job states (by reference) into one entry per stage.
    package static func make(graph: StageGraph, store: ArtifactStore, record: JobRecord?, states: [String: JobState])
        -> ClusterStatus
    {
        let entries = graph.stages.map { stage -> Entry in
            if store.contains(stage.key) {
                return Entry(stage: stage.id, state: .cached, job: record?.stages[stage.id.description])
            }
            guard let job = record?.stages[stage.id.description], job.key == stage.key else {
                return Entry(stage: stage.id, state: .notSubmitted)
            }
            guard let jobState = states[job.ref] else { return Entry(stage: stage.id, state: .lost, job: job) }
            let state: State
            switch jobState.phase {
            case .pending: state = .pending
            case .running: state = .running
            // A job that ended well but left no result failed as far as the stage is concerned.
            case .completed, .failed: state = .failed
            case .cancelled: state = .cancelled
            }
            return Entry(stage: stage.id, state: state, job: job, jobState: jobState)
        }
        return ClusterStatus(entries: entries)
    }

    /// Job IDs (not references) of every recorded job, for one query per job.
    package static func jobIDs(in record: JobRecord?, graph: StageGraph, store: ArtifactStore) -> [String] {
        guard let record else { return [] }
        return Array(
            Set(
                graph.stages.compactMap { stage -> String? in
                    guard !store.contains(stage.key), let job = record.stages[stage.id.description],
                        job.key == stage.key
                    else { return nil }
                    return job.job
                })
        ).sorted()
    }

    /// The last `count` lines of a log, or nil when it is missing or empty.
    package static func tail(of path: String, lines count: Int = 5) -> [String]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return lines.isEmpty ? nil : Array(lines.suffix(count))
    }

    /// A table of stages for `paramrun status`, failed ones with their log's last lines.
    package func render(specName: String) -> String {
        var out = [
            "\(specName): "
                + State.allCases.compactMap { state in
                    let n = count(state)
                    return n > 0 ? "\(n) \(state.rawValue)" : nil
                }.joined(separator: ", ")
        ]
        let width = entries.map(\.stage.description.count).max() ?? 0
        for entry in entries {
            var line =
                entry.state.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                + entry.stage.description.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            if let job = entry.job, entry.state != .cached { line += "job \(job.ref)" }
            if let s = entry.jobState, entry.state == .failed || entry.state == .cancelled {
                line += " \(s.raw)"
                if let code = s.exitCode, entry.state == .failed { line += " exit \(code)" }
                if let reason = s.reason, reason != "None" { line += " (\(reason))" }
            }
            if entry.state == .lost { line += " (the batch system has forgotten it; submit again)" }
            out.append(line.trimmingCharacters(in: .whitespaces))
            if entry.state == .failed, let job = entry.job {
                out.append("    log: \(job.log)")
                for text in Self.tail(of: job.log) ?? ["(the log is empty or missing)"] { out.append("    | \(text)") }
            }
        }
        return out.joined(separator: "\n")
    }
}
