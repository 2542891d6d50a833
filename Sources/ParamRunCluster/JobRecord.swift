import Foundation
import ParamRunSupport

/// `outputs/<spec>/jobs.json`: which cluster job computes which stage, so that `status` and a
/// later `submit` (perhaps from another shell, after this one died) know what is in flight.
package struct JobRecord: Codable, Sendable, Equatable {
    /// One stage's latest job.
    package struct StageJob: Codable, Sendable, Equatable {
        /// The job ID sbatch printed (the array's ID for an array task).
        package var job: String
        /// The task index within an array job, nil for a plain job.
        package var task: Int?
        /// The stage's key when submitted: a job for an older key computes a different result.
        package var key: String
        package var log: String
        package var script: String
        package var submitted: Date

        package init(job: String, task: Int?, key: String, log: String, script: String, submitted: Date) {
            self.job = job
            self.task = task
            self.key = key
            self.log = log
            self.script = script
            self.submitted = submitted
        }

        /// `123` or `123_4`, as squeue, scontrol and `--dependency` name it.
        package var ref: String { task.map { "\(job)_\($0)" } ?? job }
    }

    package var backend: String
    package var spec: String
    package var outputs: String
    package var stages: [String: StageJob]

    package init(backend: String, spec: String, outputs: String, stages: [String: StageJob] = [:]) {
        self.backend = backend
        self.spec = spec
        self.outputs = outputs
        self.stages = stages
    }

    package static func url(specFolder: URL) -> URL {
        specFolder.appendingPathComponent("jobs.json")
    }

    /// The record at `url`, or nil when no job was ever submitted.
    package static func load(_ url: URL) throws -> JobRecord? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONCoding.read(JobRecord.self, from: url)
        } catch {
            throw ClusterError.jobsFile(path: url.path, message: "cannot read: \(error)")
        }
    }

    /// Written atomically, so a reader never sees half a file.
    package func save(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONCoding.write(self, to: url)
        } catch {
            throw ClusterError.jobsFile(path: url.path, message: "cannot write: \(error)")
        }
    }
}
