import Foundation
import ParamRunSupport

/// One node of the pipeline: a pure function of its configuration and its inputs' results.
///
/// That purity is what makes ``key`` a sound cache key: equal keys mean equal results.
public struct Stage: Hashable, Sendable {
    /// Its stable name.
    public var id: StageID
    /// The stages whose results it reads, in the order it reads them.
    public var inputs: [StageID]
    /// The stage's configuration as canonical JSON (sorted keys, no names that do not change
    /// the result), so comments, key order and anchors in the spec never change it.
    public var configuration: String
    /// SHA-256 over `ParamRun.keyedVersion`, the format version, kind, configuration and the inputs' keys.
    public var key: String
    /// How many cores the stage keeps busy when it starts, so the scheduler never oversubscribes
    /// the machine. Never part of the key.
    public var threads: Int
    /// The most threads the stage can use if the scheduler grants it idle cores while it runs (a
    /// training: `ModelSpec.threadLimit`, its shards or its minibatch rows' share); equal to
    /// `threads` for a stage whose thread count is fixed.
    public var maxThreads: Int

    /// Bumped whenever a stage's result format changes, so old cached results are not reused.
    /// 4: trainings cut minibatches into `shards`, and threads left the train stage's key.
    package static let formatVersion = 4

    package init(
        id: StageID, inputs: [StageID], configuration: String, inputKeys: [String], threads: Int = 1,
        maxThreads: Int? = nil
    ) {
        self.id = id
        self.inputs = inputs
        self.configuration = configuration
        self.threads = threads
        self.maxThreads = max(threads, maxThreads ?? threads)
        var hasher = SHA256()
        // The release that last changed how a stage computes (a generator's physics, a training's
        // arithmetic) is hashed too, so a later such release does not reuse the old results.
        let release = ParamRun.keyedVersion
        hasher.update("paramrun \(release)/stage-v\(Self.formatVersion)\n\(id.kind.rawValue)\n\(configuration)\n")
        for key in inputKeys { hasher.update(key + "\n") }
        self.key = hasher.finalizeHex()
    }
}
