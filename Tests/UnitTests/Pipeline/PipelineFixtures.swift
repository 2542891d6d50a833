import Foundation
@testable import ParamRunPipeline

/// Small hand-made graphs: stages whose configurations are plain strings.
enum PipelineFixtures {
    static func stage(
        _ kind: StageKind, _ name: String, inputs: [Stage] = [], configuration: String = "{}", threads: Int = 1,
        maxThreads: Int? = nil
    ) -> Stage {
        Stage(
            id: StageID(kind, name), inputs: inputs.map(\.id), configuration: configuration,
            inputKeys: inputs.map(\.key), threads: threads, maxThreads: maxThreads)
    }

    /// load → two trainings → an evaluation of each → a report.
    static func diamond() throws -> (
        graph: StageGraph, load: Stage, trainA: Stage, trainB: Stage, evalA: Stage, evalB: Stage, report: Stage
    ) {
        let load = stage(.load, "data")
        let trainA = stage(.train, "a", inputs: [load], configuration: #"{"rate":0.1}"#)
        let trainB = stage(.train, "b", inputs: [load], configuration: #"{"rate":0.2}"#)
        let evalA = stage(.evaluate, "a@1", inputs: [trainA, load])
        let evalB = stage(.evaluate, "b@1", inputs: [trainB, load])
        let report = stage(.report, "r", inputs: [evalA, evalB])
        let graph = try StageGraph([report, evalB, evalA, trainB, trainA, load])
        return (graph, load, trainA, trainB, evalA, evalB, report)
    }

    /// Writes a finished entry for `stage` holding `files`, through the store's own commit.
    static func commit(_ stage: Stage, files: [String: String], in store: ArtifactStore) throws {
        let workspace = try store.makeWorkspace(for: stage.key)
        for (name, text) in files {
            let url = workspace.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let metadata = StageMetadata(
            id: stage.id.description, key: stage.key, spec: "s.yaml", specName: "s", inputs: [:],
            configuration: stage.configuration, started: Date(), finished: Date(),
            toolVersion: "test", blas: "none", threads: 1, host: "here")
        try store.commit(workspace, key: stage.key, metadata: metadata)
    }
}
