import Foundation
@testable import ParamRunCluster
@testable import ParamRunPipeline
@testable import ParamRunSpec
import ParamRunTestSupport

/// A small spec, its graph and a scratch outputs folder for the cluster tests.
enum ClusterFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cluster")

    /// Output captured from the real one-node Slurm 22.05 that Tests/cluster/slurm-local.sh starts.
    static func captured(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static let sweep = """
        name: sweep
        seed: 1
        datasets:
          train: {source: toy, masses: [0, 1], signal_per_mass: 100, background: 200}
          test: {source: toy, masses: [0, 1], signal_per_mass: 100, background: 200}
        network: {hidden: [4], epochs: 1}
        models:
          lomo: {type: parameterized, held_out: !each [0, 1], threads: 2}
        evaluate: {masses: held-out, models: [lomo]}
        cluster: {memory: 2G, time: "1:00:00", partition: short, account: hep, sbatch_args: [--qos=normal]}
        """

    static func context(outputs: URL, overrides: ClusterSpec = ClusterSpec(), file: String = "/data/specs/sweep.yaml")
        throws -> ClusterContext
    {
        let spec = try SpecLoader.load(text: sweep, file: file)
        return ClusterContext(
            spec: spec, graph: try Planner.plan(spec), outputs: outputs,
            executable: "/opt/paramrun/bin/paramrun", requests: spec.cluster.overridden(by: overrides))
    }

    static func scratch() -> URL {
        // A test without a folder to write to cannot run: failing loudly here is the point.
        try! TemporaryDirectory.make("cluster")
    }

    /// Marks a stage finished in the store, as StageExecutor's commit does.
    static func finish(_ stage: Stage, in store: ArtifactStore) throws {
        let folder = store.directory(for: stage.key)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent(ArtifactStore.metadataFile))
    }
}
