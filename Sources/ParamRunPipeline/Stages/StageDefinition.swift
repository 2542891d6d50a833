import Foundation
import ParamRunSpec
import ParamRunSupport

/// One kind of stage: everything paramrun knows about it, in one type.
///
/// A conforming type owns its configuration (what its cache key hashes), how its stages join
/// the plan, the work itself, and which of its results are copied to `outputs/<spec>/`. Register
/// it in ``StageRegistry/definitions``; the planner, the executor, the local runner and the
/// cluster backends know stages only through this protocol.
package protocol StageDefinition: Sendable {
    /// What the stage's key hashes: canonical JSON of this value. Leave out whatever does not
    /// change the result (a model's display name, the spec file's path).
    associatedtype Configuration: Codable & Sendable

    /// The kind's name, the first part of its stage IDs (`train/fixed-1000`).
    static var kind: StageKind { get }

    /// Whether `paramrun stage --threads` above a stage's `maxThreads` is refused: true where the
    /// work cannot share itself among more (a training's shards or minibatch rows bound it); a
    /// kind that is false leaves extra threads idle. Default: false.
    static var refusesThreadsAboveMax: Bool { get }

    /// Adds this kind's stages for `spec`; stages of kinds registered earlier are already in `plan`.
    static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws

    /// Does one stage's work, writing its results into `context.workspace`.
    static func run(_ configuration: Configuration, in context: StageContext) throws

    /// The files of a finished stage to copy from the store to `outputs/<spec>/`.
    static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication]
}

extension StageDefinition {
    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] { [] }

    /// Most kinds leave threads beyond their `maxThreads` idle.
    package static var refusesThreadsAboveMax: Bool { false }

    /// Decodes a stage's configuration and runs it: the executor calls this, knowing only the kind.
    static func decodeAndRun(_ context: StageContext) throws {
        let configuration: Configuration
        do {
            configuration = try JSONCoding.decoder().decode(
                Configuration.self, from: Data(context.stage.configuration.utf8))
        } catch {
            throw RunError.stageFailed(
                stage: context.stage.id.description,
                message: "its configuration does not match this paramrun's \(kind) stage: \(error)", log: nil)
        }
        try run(configuration, in: context)
    }
}

/// A file a stage publishes: its name in the stage's store folder and its path under `outputs/<spec>/`.
package struct Publication: Hashable, Sendable {
    package var source: String
    package var target: String

    package init(_ source: String, to target: String) {
        self.source = source
        self.target = target
    }
}
