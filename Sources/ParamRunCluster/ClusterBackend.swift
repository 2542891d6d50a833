import Foundation
import ParamRunPipeline
import ParamRunSpec

/// Everything a backend needs to turn stages into jobs, with every path absolute: jobs start
/// on other nodes, in other working directories.
package struct ClusterContext: Sendable {
    package let spec: Spec
    package let graph: StageGraph
    package let store: ArtifactStore
    /// The outputs folder (the store is its `.store`), on a filesystem every node shares.
    package let outputs: URL
    package let specFolder: URL
    package let specPath: String
    /// The `paramrun` binary each job runs.
    package let executable: String
    package let requests: ClusterSpec

    package init(spec: Spec, graph: StageGraph, outputs: URL, executable: String, requests: ClusterSpec) {
        self.spec = spec
        self.graph = graph
        self.outputs = outputs.standardizedFileURL
        self.store = ArtifactStore(outputs: self.outputs)
        self.specFolder = self.outputs.appendingPathComponent(spec.name)
        self.specPath = URL(fileURLWithPath: spec.file).standardizedFileURL.path
        self.executable = executable
        self.requests = requests
    }

    /// Refuses paths that would break a job script's syntax: control characters (a newline
    /// would start a new script line) anywhere, and double quotes, which quote `#SBATCH` values.
    package func checkPaths() throws {
        let paths = [("spec file", specPath), ("outputs folder", outputs.path), ("paramrun executable", executable)]
        for (what, path) in paths {
            if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw ClusterError.unsafePath(what: what, path: path, reason: "it contains a control character")
            }
            if path.contains("\"") {
                throw ClusterError.unsafePath(what: what, path: path, reason: "it contains a double quote")
            }
        }
    }

    /// `outputs/<spec>/logs/cluster/<kind>/<name>.log`: one log per stage, kept across resubmissions.
    package func logURL(_ id: StageID) -> URL {
        specFolder.appendingPathComponent("logs/cluster").appendingPathComponent(id.kind.rawValue)
            .appendingPathComponent("\(id.name).log")
    }

    /// Creates `folder` under the outputs as the publisher does: a symbolic link or any other file
    /// planted where a folder belongs is refused, so no script or job log is written through it.
    package func makeFolder(_ folder: URL) throws {
        do {
            try Publisher.makeRealFolders(down: folder, from: outputs)
        } catch RunError.publishing(let path, let message) {
            throw ClusterError.notAFolder(path: path, reason: message)
        }
    }

    package func scriptsFolder(_ backend: ClusterSpec.Backend) -> URL {
        specFolder.appendingPathComponent("cluster").appendingPathComponent(backend.rawValue)
    }

    /// Cores a stage's job asks for: the requests' `cpus`, else the stage's own threads.
    package func cpus(for stages: [Stage]) -> Int {
        requests.cpus ?? stages.map(\.threads).max() ?? 1
    }
}

/// A batch system that can take a ``SubmissionPlan``.
package protocol ClusterBackend {
    /// Submits the plan's jobs, parents first, and returns each submitted stage's job; with
    /// `dryRun`, writes the files and describes the commands in `log` without running them.
    /// `record` is called after every job, so a crash mid-way loses no job ID.
    func submit(
        _ plan: SubmissionPlan, context: ClusterContext, dryRun: Bool,
        log: (String) -> Void, record: (StageID, JobRecord.StageJob) throws -> Void) throws
}
