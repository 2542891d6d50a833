import Foundation
import ParamRunSpec
import ParamRunSupport

/// What a running stage may use: its inputs' folders, a private workspace for its results, the
/// threads it was granted, and a way to report progress.
package struct StageContext: Sendable {
    package let stage: Stage
    package let spec: Spec
    package let graph: StageGraph
    package let store: ArtifactStore
    /// Where the stage writes its results; committed to the store only if it returns normally.
    package let workspace: URL
    /// The outputs folder; shared caches (HEPMASS `.npy` copies) live in its `.cache`.
    package let outputs: URL
    /// The threads this stage was granted when it started.
    package let threads: Int
    /// The threads granted now: the runner may raise or lower it while the stage runs (a
    /// training reads it between minibatches); it starts at `threads`.
    package let grant: ThreadGrant
    package let emit: @Sendable (RunEvent) -> Void

    /// The store folder holding `input`'s result.
    package func folder(of input: StageID) throws -> URL {
        guard let key = graph[input]?.key else {
            throw RunError.missingInput(stage: stage.id.description, input: input.description)
        }
        return store.directory(for: key)
    }

    /// The folder of the stage's `index`-th input.
    package func inputFolder(_ index: Int) throws -> URL {
        guard stage.inputs.indices.contains(index) else {
            throw RunError.stageFailed(
                stage: stage.id.description, message: "expects an input number \(index + 1), has \(stage.inputs.count)",
                log: nil)
        }
        return try folder(of: stage.inputs[index])
    }

    /// Reports a line of progress.
    package func message(_ text: String) {
        var event = RunEvent(.message, stage: stage.id.description)
        event.message = text
        emit(event)
    }

    /// A failure of this stage, with its reason.
    package func failure(_ message: String) -> RunError {
        RunError.stageFailed(stage: stage.id.description, message: message, log: nil)
    }
}
