import Foundation
import ParamRunSupport

/// `outputs/<spec>/jobs.json`: which cluster job computes which stage, so that `status` and a
/// later `submit` (perhaps from another shell, after this one died) know what is in flight.
public struct JobRecord: Codable, Sendable, Equatable {
    /// One stage's latest job.
    public struct StageJob: Codable, Sendable, Equatable {
        /// The job ID sbatch printed (the array's ID for an array task).
        public var job: String
        /// The task index within an array job, nil for a plain job.
        public var task: Int?
        /// The stage's key when submitted: a job for an older key computes a different result.
        public var key: String
        public var log: String
        public var script: String
        public var submitted: Date

        public init(job: String, task: Int?, key: String, log: String, script: String, submitted: Date) {
            self.job = job
            self.task = task
            self.key = key
            self.log = log
            self.script = script
            self.submitted = submitted
        }

        /// `123` or `123_4`, as squeue, scontrol and `--dependency` name it.
        public var ref: String { task.map { "\(job)_\($0)" } ?? job }
    }

    public var backend: String
    public var spec: String
    public var outputs: String
    public var stages: [String: StageJob]

    public init(backend: String, spec: String, outputs: String, stages: [String: StageJob] = [:]) {
        self.backend = backend
        self.spec = spec
        self.outputs = outputs
        self.stages = stages
    }

    public static func url(specFolder: URL) -> URL {
        specFolder.appendingPathComponent("jobs.json")
    }

    /// The record at `url`, or nil when no job was ever submitted.
    public static func load(_ url: URL) throws -> JobRecord? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONCoding.read(JobRecord.self, from: url)
        } catch {
            throw ClusterError.jobsFile(path: url.path, message: "cannot read: \(error)")
        }
    }

    /// Written atomically, so a reader never sees half a file.
    public func save(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONCoding.write(self, to: url)
        } catch {
            throw ClusterError.jobsFile(path: url.path, message: "cannot write: \(error)")
        }
    }
}
