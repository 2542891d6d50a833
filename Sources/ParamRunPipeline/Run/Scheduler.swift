import Dispatch
import Foundation
import Synchronization

/// Runs a graph's stages concurrently on Dispatch: a stage starts as soon as its inputs are
/// done, at most `jobs` at a time, and never more threads than the machine has cores.
///
/// Each stage starts with its own thread count. With `elastic`, a core left idle (a stage
/// finished and no waiting stage can start) is lent to a running stage that can use it (a
/// training, up to its `maxThreads`), and taken back when a waiting stage becomes ready. No stage's
/// result depends on its threads, so the numbers never depend on `jobs` or on lending: only when
/// and how fast they come does.
///
/// A failed stage stops only its dependents; independent stages go on, as `make -k` does.
public final class Scheduler: Sendable {
    /// How one stage of a run ended.
    public enum Outcome: Equatable, Sendable {
        case done
        case cached
        case failed(message: String)
        /// Not run because an input failed or was skipped.
        case skipped(because: StageID)
        case interrupted
    }

    /// Runs one stage with the given thread count; called on a Dispatch worker thread.
    package typealias Work = @Sendable (_ stage: Stage, _ threads: Int) throws -> Void

    /// Called when a stage starts and ends, and when a running stage's threads change, on the
    /// scheduler's queue, in a deterministic order per stage.
    package struct Hooks: Sendable {
        package var onStart: @Sendable (Stage, Int) -> Void
        package var onFinish: @Sendable (Stage, Outcome) -> Void
        /// A running stage now has this many threads (a core lent to it, or taken back).
        package var onGrant: @Sendable (Stage, Int) -> Void

        package init(
            onStart: @escaping @Sendable (Stage, Int) -> Void = { _, _ in },
            onFinish: @escaping @Sendable (Stage, Outcome) -> Void = { _, _ in },
            onGrant: @escaping @Sendable (Stage, Int) -> Void = { _, _ in }
        ) {
            self.onStart = onStart
            self.onFinish = onFinish
            self.onGrant = onGrant
        }
    }

    /// What changes while the scheduler runs; touched only through ``state``'s lock.
    private struct State {
        var outcomes: [StageID: Outcome] = [:]
        var waiting: [Stage]
        var running: [StageID: Stage] = [:]
        var leases: ThreadLeases
        var cancelled = false
    }

    private let jobs: Int
    private let cores: Int
    private let elastic: Bool
    private let work: Work
    private let hooks: Hooks
    /// Orders launches and hook calls; the state itself lives in the mutex.
    private let queue = DispatchQueue(label: "paramrun.scheduler")
    private let finished = DispatchSemaphore(value: 0)
    private let state: Mutex<State>

    /// - Parameters:
    ///   - stages: the stages to run; every other stage of `graph` counts as already done (cached).
    ///   - jobs: how many stages may run at once.
    ///   - cores: the thread budget shared by all running stages.
    ///   - elastic: lend idle cores to running stages that can use more threads (``Stage/maxThreads``).
    package init(
        graph: StageGraph, stages: [Stage], jobs: Int, cores: Int, elastic: Bool = false, hooks: Hooks = Hooks(),
        work: @escaping Work
    ) {
        self.jobs = max(1, jobs)
        self.cores = max(1, cores)
        self.elastic = elastic
        self.work = work
        self.hooks = hooks
        let wanted = Set(stages.map(\.id))
        var initial = State(
            waiting: graph.stages.filter { wanted.contains($0.id) }, leases: ThreadLeases(cores: max(1, cores)))
        for stage in graph.stages where !wanted.contains(stage.id) { initial.outcomes[stage.id] = .cached }
        state = Mutex(initial)
    }

    /// Runs until every stage has an outcome, and returns them all.
    package func run() -> [StageID: Outcome] {
        queue.async { self.launchReady() }
        finished.wait()
        return state.withLock { $0.outcomes }
    }

    /// Stops launching stages; running ones finish or are stopped by `work` itself.
    package func cancel() {
        queue.async {
            self.state.withLock { $0.cancelled = true }
            self.launchReady()
        }
    }

    /// What one pass over the waiting stages decided, acted on outside the lock.
    private enum Decision {
        case record(Stage, Outcome)
        case start(Stage, Int)
        case grant(Stage, Int)
    }

    private func launchReady() {
        dispatchPrecondition(condition: .onQueue(queue))
        let (decisions, done) = state.withLock { state -> ([Decision], Bool) in
            var decisions: [Decision] = []
            var index = 0
            while index < state.waiting.count {
                let stage = state.waiting[index]
                if state.cancelled {
                    state.waiting.remove(at: index)
                    state.outcomes[stage.id] = .interrupted
                    decisions.append(.record(stage, .interrupted))
                    continue
                }
                if let blocker = stage.inputs.first(where: { Self.isBlocked(state.outcomes[$0]) }) {
                    state.waiting.remove(at: index)
                    state.outcomes[stage.id] = .skipped(because: blocker)
                    decisions.append(.record(stage, .skipped(because: blocker)))
                    continue
                }
                let ready = stage.inputs.allSatisfy { state.outcomes[$0] == .done || state.outcomes[$0] == .cached }
                let threads = stage.threads
                if ready, state.running.count < jobs {
                    // Cores lent to running stages come back first for a stage that is ready.
                    for (id, count) in state.leases.reclaim(toFit: threads).sorted(by: { $0.key < $1.key }) {
                        decisions.append(.grant(state.running[id]!, count))
                    }
                    if state.leases.inUse + threads <= cores || state.running.isEmpty {
                        state.waiting.remove(at: index)
                        state.running[stage.id] = stage
                        state.leases.start(stage.id, threads: threads, limit: elastic ? stage.maxThreads : threads)
                        decisions.append(.start(stage, threads))
                        continue
                    }
                }
                index += 1
            }
            if elastic, !state.cancelled {
                for (id, count) in state.leases.lendIdle().sorted(by: { $0.key < $1.key }) {
                    decisions.append(.grant(state.running[id]!, count))
                }
            }
            return (decisions, state.waiting.isEmpty && state.running.isEmpty)
        }
        for decision in decisions {
            switch decision {
            case .record(let stage, let outcome): hooks.onFinish(stage, outcome)
            case .start(let stage, let threads): start(stage, threads: threads)
            case .grant(let stage, let threads): hooks.onGrant(stage, threads)
            }
        }
        if done { finished.signal() }
    }

    private static func isBlocked(_ outcome: Outcome?) -> Bool {
        switch outcome {
        case .failed, .skipped, .interrupted: return true
        default: return false
        }
    }

    private func start(_ stage: Stage, threads: Int) {
        hooks.onStart(stage, threads)
        DispatchQueue.global().async { [work] in
            var outcome = Outcome.done
            do {
                try work(stage, threads)
            } catch RunError.interrupted {
                outcome = .interrupted
            } catch RunError.stageFailed(_, let message, _) {
                outcome = .failed(message: message)
            } catch {
                outcome = .failed(message: "\(error)")
            }
            let result = outcome
            self.queue.async {
                self.state.withLock { state in
                    state.running[stage.id] = nil
                    state.leases.finish(stage.id)
                    state.outcomes[stage.id] = result
                }
                self.hooks.onFinish(stage, result)
                self.launchReady()
            }
        }
    }
}
