import Foundation
import ParamRunSupport

/// The contract between a runner and one `paramrun stage` process, written and read in one place:
/// its arguments, its environment, the thread grants it reads on standard input and the progress
/// events it writes on standard output (``StageInvocation+Lines.swift``).
///
/// `LocalRunner`, the Slurm job script and the HTCondor submit file build the process from it;
/// `paramrun stage` declares its options with ``Option``'s names and reads its environment,
/// grants and events back through it, so the two ends cannot drift apart.
package struct StageInvocation: Equatable, Sendable {
    /// The `paramrun` subcommand that runs one stage.
    package static let command = "stage"
    /// The environment variable that names the run which started the stage: a stage stops when
    /// that process is gone, so no orphan keeps training beside the run that resumes it.
    package static let parentVariable = "PARAMRUN_PARENT_PID"

    /// The long options' names, without their dashes.
    package enum Option {
        package static let outputs = "outputs"
        package static let threads = "threads"
        package static let events = "events"
        package static let grants = "grants"
    }

    /// The spec file's path.
    package var spec: String
    /// The stage's ID as text (`train/fixed-1000`).
    package var stage: String
    /// The outputs folder's path.
    package var outputs: String
    /// Threads the stage starts with; nil leaves the spec's.
    package var threads: Int?
    /// Write progress as event lines on standard output.
    package var events = false
    /// Read thread grants on standard input.
    package var grants = false
    /// The process whose death ends the stage.
    package var parent: Int32?

    package init(
        spec: String, stage: String, outputs: String, threads: Int? = nil,
        events: Bool = false, grants: Bool = false, parent: Int32? = nil
    ) {
        self.spec = spec
        self.stage = stage
        self.outputs = outputs
        self.threads = threads
        self.events = events
        self.grants = grants
        self.parent = parent
    }

    /// The process's arguments, the subcommand first (the executable is the caller's).
    package var arguments: [String] {
        Self.arguments(
            spec: spec, stage: stage, outputs: outputs, threads: threads.map(String.init),
            events: events, grants: grants)
    }

    /// Arguments for a batch system that fills in the stage and its threads per job itself, such
    /// as HTCondor's `$(stage)` and `$(threads)` macros.
    package static func arguments(
        spec: String, outputs: String, stagePlaceholder: String,
        threadsPlaceholder: String
    ) -> [String] {
        arguments(
            spec: spec, stage: stagePlaceholder, outputs: outputs, threads: threadsPlaceholder,
            events: false, grants: false)
    }

    private static func arguments(
        spec: String, stage: String, outputs: String, threads: String?,
        events: Bool, grants: Bool
    ) -> [String] {
        var list = [command, spec, stage, "--" + Option.outputs, outputs]
        if let threads { list += ["--" + Option.threads, threads] }
        if events { list.append("--" + Option.events) }
        if grants { list.append("--" + Option.grants) }
        return list
    }

    /// `inherited` with ``parent`` set, or without any parent inherited from further up.
    package func environment(inheriting inherited: [String: String]) -> [String: String] {
        var environment = inherited
        environment[Self.parentVariable] = parent.map { String($0) }
        return environment
    }

    /// The parent a stage process was given in its environment, nil where it has none.
    package static func parent(in environment: [String: String]) throws(StageInvocationError) -> Int32? {
        guard let text = environment[parentVariable] else { return nil }
        guard let pid = Int32(text), pid > 0 else { throw .malformedParent(value: text) }
        return pid
    }

    /// Refuses a thread count the stage cannot start with: fewer than one, or, for a kind whose
    /// work cannot use them (``StageDefinition/refusesThreadsAboveMax``), more than its `maxThreads`.
    package static func check(threads: Int, for stage: Stage) throws(StageInvocationError) {
        let bounded = StageRegistry.definition(of: stage.id.kind)?.refusesThreadsAboveMax ?? false
        if threads < 1 || (bounded && threads > stage.maxThreads) {
            throw .threads(stage: stage.id.description, found: threads, limit: stage.maxThreads)
        }
    }
}
