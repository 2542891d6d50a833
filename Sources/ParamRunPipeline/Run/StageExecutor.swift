import Foundation
import ParamRunNN
import ParamRunSpec
import ParamRunSupport

/// Does one stage's work in this process: takes the stage's lock, gives it a workspace, runs its
/// ``StageDefinition``, and commits the result to the store. `paramrun stage` (what every local
/// worker and cluster job runs) is a thin wrapper around it.
package struct StageExecutor: Sendable {
    package enum Outcome: Equatable, Sendable { case done, cached }

    package let spec: Spec
    package let graph: StageGraph
    package let store: ArtifactStore
    /// The outputs folder; HEPMASS `.npy` copies go to its `.cache`.
    package let outputs: URL
    /// Receives progress as it happens (epochs, messages).
    package let emit: @Sendable (RunEvent) -> Void

    package init(spec: Spec, graph: StageGraph, outputs: URL, emit: @escaping @Sendable (RunEvent) -> Void = { _ in }) {
        self.spec = spec
        self.graph = graph
        self.outputs = outputs
        self.store = ArtifactStore(outputs: outputs)
        self.emit = emit
    }

    /// Runs `stage` with `threads` granted to it, unless its result is already in the store.
    /// `grant`, when given, is the live grant the caller may change while the stage runs.
    ///
    /// The process's BLAS thread count is the caller's to set (``BLASRuntime/setThreads(_:)`` at
    /// process entry): library code never changes process-wide settings.
    package func run(_ stage: Stage, threads: Int, grant: ThreadGrant? = nil) throws -> Outcome {
        // Its own entry too is reused only when intact: a cluster job has no runner that checked it.
        for finding in StoreVerifier.verify([stage], store: store, repair: true) {
            var event = RunEvent(.storeRepaired, stage: stage.id.description)
            event.message = finding.description
            emit(event)
        }
        if store.contains(stage.key) { return .cached }
        for input in stage.inputs {
            guard let key = graph[input]?.key, store.contains(key) else {
                throw RunError.missingInput(stage: stage.id.description, input: input.description)
            }
        }
        // Inputs are checked byte for byte before use: a cluster job has no runner that did it.
        let inputStages = stage.inputs.compactMap { graph[$0] }
        if let finding = StoreVerifier.verify(inputStages, store: store, repair: true).first {
            throw RunError.stageFailed(
                stage: stage.id.description, message: "its input \(finding.stage): \(finding)", log: nil)
        }
        guard let definition = StageRegistry.definition(of: stage.id.kind) else {
            throw RunError.stageFailed(
                stage: stage.id.description, message: "no stage kind '\(stage.id.kind)' is registered", log: nil)
        }
        // Two runs of specs that share this stage must not both compute it: the second waits,
        // then finds the result in the store.
        let lock = try FileLock(store.root.appendingPathComponent(".locks").appendingPathComponent("\(stage.key).lock"))
        try lock.acquire()
        defer { lock.release() }
        if store.contains(stage.key) { return .cached }

        let started = Date()
        let workspace = try store.makeWorkspace(for: stage.key)
        let context = StageContext(
            stage: stage, spec: spec, graph: graph, store: store, workspace: workspace,
            outputs: outputs, threads: threads, grant: grant ?? ThreadGrant(threads), emit: emit)
        do {
            try definition.decodeAndRun(context)
        } catch {
            try? FileManager.default.removeItem(at: workspace)
            throw error
        }
        var inputs: [String: String] = [:]
        for input in stage.inputs { inputs[input.description] = graph[input]?.key }
        let metadata = StageMetadata(
            id: stage.id.description, key: stage.key, spec: spec.file, specName: spec.name, inputs: inputs,
            configuration: stage.configuration, started: started, finished: Date(), toolVersion: ParamRun.version,
            blas: BLASRuntime.summary, threads: threads, peakThreads: context.grant.peak,
            host: ProcessInfo.processInfo.hostName)
        try store.commit(workspace, key: stage.key, metadata: metadata)
        return .done
    }
}
