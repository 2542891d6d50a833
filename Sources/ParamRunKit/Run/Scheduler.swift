import Dispatch
import Foundation

/// Runs a graph's stages concurrently on Dispatch: a stage starts as soon as its inputs are
/// done, at most `jobs` at a time, and never more threads than the machine has cores.
///
/// Each stage brings its own thread count (a training's is part of its configuration), so the
/// numbers a stage produces never depend on `jobs`: only when it runs does.
///
/// A failed stage stops only its dependents; independent stages go on, as `make -k` does.
public final class Scheduler: @unchecked Sendable {
    public enum Outcome: Equatable, Sendable {
        case done
        case cached
        case failed(message: String)
        /// Not run because an input failed or was skipped.
        case skipped(because: StageID)
        case interrupted
    }

    /// Runs one stage with the given BLAS thread count; called on a Dispatch worker thread.
    public typealias Work = @Sendable (_ stage: Stage, _ threads: Int) throws -> Void

    private let graph: StageGraph
    private let jobs: Int
    private let cores: Int
    private let work: Work
    private let queue = DispatchQueue(label: "paramrun.scheduler")
    private let finished = DispatchSemaphore(value: 0)
    private var outcomes: [StageID: Outcome] = [:]
    private var waiting: [Stage]
    private var running: [StageID: Int] = [:]
    private var cancelled = false

    /// Called when a stage starts and ends, on the scheduler's queue, in a deterministic order per stage.
    public var onStart: (@Sendable (Stage, Int) -> Void)?
    public var onFinish: (@Sendable (Stage, Outcome) -> Void)?

    /// - Parameters:
    ///   - stages: the stages to run; every other stage of `graph` counts as already done (cached).
    ///   - jobs: how many stages may run at once.
    ///   - cores: the thread budget shared by all running stages.
    public init(graph: StageGraph, stages: [Stage], jobs: Int, cores: Int, work: @escaping Work) {
        self.graph = graph
        self.jobs = max(1, jobs)
        self.cores = max(1, cores)
        self.work = work
        let wanted = Set(stages.map(\.id))
        self.waiting = graph.stages.filter { wanted.contains($0.id) }
        for stage in graph.stages where !wanted.contains(stage.id) { outcomes[stage.id] = .cached }
    }

    /// Runs until every stage has an outcome, and returns them all.
    public func run() -> [StageID: Outcome] {
        queue.async { self.launchReady() }
        finished.wait()
        return queue.sync { outcomes }
    }

    /// Stops launching stages; running ones finish or are stopped by `work` itself.
    public func cancel() {
        queue.async {
            self.cancelled = true
            self.launchReady()
        }
    }

    private func launchReady() {
        dispatchPrecondition(condition: .onQueue(queue))
        var index = 0
        while index < waiting.count {
            let stage = waiting[index]
            if cancelled {
                waiting.remove(at: index)
                record(stage, .interrupted)
                continue
            }
            if let blocker = stage.inputs.first(where: { isBlocked(outcomes[$0]) }) {
                waiting.remove(at: index)
                record(stage, .skipped(because: blocker))
                continue
            }
            let ready = stage.inputs.allSatisfy { outcomes[$0] == .done || outcomes[$0] == .cached }
            let threads = stage.threads
            let inUse = running.values.reduce(0, +)
            if ready, running.count < jobs, inUse + threads <= cores || running.isEmpty {
                waiting.remove(at: index)
                start(stage, threads: threads)
                continue
            }
            index += 1
        }
        if waiting.isEmpty && running.isEmpty { finished.signal() }
    }

    private func isBlocked(_ outcome: Outcome?) -> Bool {
        switch outcome {
        case .failed, .skipped, .interrupted: return true
        default: return false
        }
    }

    private func start(_ stage: Stage, threads: Int) {
        running[stage.id] = threads
        onStart?(stage, threads)
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
                self.running[stage.id] = nil
                self.record(stage, result)
                self.launchReady()
            }
        }
    }

    private func record(_ stage: Stage, _ outcome: Outcome) {
        outcomes[stage.id] = outcome
        onFinish?(stage, outcome)
    }
}
