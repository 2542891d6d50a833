import Dispatch
import Foundation
import Synchronization
import ParamRunNN
import ParamRunSpec

/// Runs a spec's graph on this machine: each stage in its own `paramrun stage` process, started
/// by the Dispatch ``Scheduler`` as its inputs finish.
///
/// A process per stage gives each training its own BLAS thread count, lets Ctrl-C stop stages
/// cleanly, and is exactly what a cluster job runs, so local and cluster results agree.
public final class LocalRunner: Sendable {
    /// How a run uses the machine and which stages it runs.
    public struct Options: Sendable {
        /// The most stages that run at once.
        public var jobs: Int
        /// The cores the stages' threads share.
        public var cores: Int
        /// Stages to run again although their results are in the store.
        public var forced: Set<StageID> = []
        /// When set, only these stages and what they need.
        public var only: [StageID]? = nil
        /// Lend cores that would idle to running trainings, up to their `maxThreads` (off: each stage
        /// keeps the threads it started with, as before elastic threads).
        public var elastic = true

        /// Options for `jobs` stages at once on `cores` cores; every stage, elastic threads, nothing forced.
        public init(jobs: Int, cores: Int) {
            self.jobs = jobs
            self.cores = cores
        }
    }

    /// What a run came to: every considered stage's outcome, and how long it took.
    public struct Summary: Sendable {
        /// Each considered stage and how it ended, cached ones included.
        public var outcomes: [(stage: StageID, outcome: Scheduler.Outcome)]
        /// The run's wall-clock time in seconds.
        public var wallTime: Double

        /// How many stages ended in an outcome `match` accepts.
        public func count(_ match: (Scheduler.Outcome) -> Bool) -> Int { outcomes.filter { match($0.outcome) }.count }
        /// Whether any stage failed.
        public var failed: Bool {
            outcomes.contains { if case .failed = $0.outcome { return true } else { return false } }
        }
        /// Whether the run was interrupted before every stage had an outcome.
        public var interrupted: Bool { outcomes.contains { $0.outcome == .interrupted } }
        /// Why the finished results could not be published to `outputs/<spec>/`, if they could not:
        /// the run then fails, though every stage's result is in the store.
        public var publishingFailure: String?
        /// Whether the run did not end as asked: a stage failed, or its results were not published.
        public var unsuccessful: Bool { failed || publishingFailure != nil }
    }

    /// The spec being run.
    public let spec: Spec
    /// The spec's stage graph.
    public let graph: StageGraph
    /// The outputs folder: the store (`.store`) and each spec's published results.
    public let outputs: URL
    /// The store the results are read from and committed to.
    public let store: ArtifactStore
    /// How the run uses the machine and which stages it runs.
    public let options: Options
    /// The `paramrun` executable that runs each stage.
    public let executable: URL
    /// `outputs/<spec name>`, where the spec's results, logs and events are published.
    public let specFolder: URL
    /// Where every event goes besides the event log: the command line shows them.
    private let observe: @Sendable (RunEvent) -> Void
    private let eventLog: EventLog
    /// What changes while the run goes on, shared by the scheduler's threads and an interrupt.
    struct State {
        /// The running stage processes: `Process` is not Sendable, but it is only started,
        /// signalled and waited on, each of which Foundation makes safe across threads.
        var children: [StageID: Process] = [:]
        /// The runner's end of each elastic child's control socket (the child's standard input).
        var controls: [StageID: Int32] = [:]
        /// Each running stage's threads as last granted, sent to its child as it starts.
        var granted: [StageID: Int] = [:]
        var scheduler: Scheduler?
        var interrupted = false
        var startTimes: [StageID: Date] = [:]
    }

    let state = Mutex(State())
    /// The runner's niceness, read on the thread that made it: Dispatch's worker threads carry
    /// their own (by quality of service), and a child inherits the niceness of the thread that starts it.
    private let niceness: Int32

    /// - Parameter observe: called with every event, from the scheduler's threads.
    public init(
        spec: Spec, graph: StageGraph, outputs: URL, options: Options, executable: URL,
        observe: @escaping @Sendable (RunEvent) -> Void
    ) throws {
        self.spec = spec
        self.graph = graph
        self.outputs = outputs
        self.store = ArtifactStore(outputs: outputs)
        self.options = options
        self.executable = executable
        self.observe = observe
        self.specFolder = outputs.appendingPathComponent(spec.name)
        self.niceness = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        // Nothing under outputs/<spec> is written through a symbolic link planted there.
        try Publisher.makeRealFolders(down: specFolder, from: outputs)
        self.eventLog = try EventLog(url: specFolder.appendingPathComponent("events.jsonl"))
    }

    /// The stages this run would consider: all, or those `--only` names and their inputs.
    public var consideredStages: [Stage] {
        options.only.map { graph.closure(of: $0) } ?? graph.stages
    }

    /// Each considered stage's status, cached or to run and why.
    public func explain() -> [(Stage, PlanExplainer.Status)] {
        let records = PlanExplainer.loadRecords(PlanExplainer.recordURL(outputs: outputs, specName: spec.name))
        let statuses = PlanExplainer.explain(graph, store: store, records: records, forced: options.forced)
        return consideredStages.map { ($0, statuses[$0.id]!) }
    }

    package func emit(_ event: RunEvent) {
        eventLog.append(event)
        observe(event)
    }

    /// Runs every stage that is not cached; returns when all have an outcome.
    public func run() -> Summary {
        let start = Date()
        store.removeAbandonedWorkspaces()
        // Every entry this run would reuse is checked once, byte for byte, before it is trusted.
        for finding in StoreVerifier.verify(consideredStages, store: store, repair: true) {
            var event = RunEvent(.storeRepaired, stage: finding.stage.description)
            event.message = finding.description
            emit(event)
        }
        let plan = explain()
        let toRun = plan.filter { $0.1.runs }.map(\.0)
        var started = RunEvent(.runStarted)
        started.message =
            "\(spec.name): \(toRun.count) of \(plan.count) stages to run, --jobs \(options.jobs), "
            + BLASRuntime.summary
        emit(started)
        for (stage, status) in plan where !status.runs { emit(RunEvent(.stageCached, stage: stage.id.description)) }

        // Forced stages run again although cached: take their old result out of the way first.
        for stage in toRun where options.forced.contains(stage.id) && store.contains(stage.key) {
            store.discard(stage.key)
        }
        let hooks = schedulerHooks()
        let scheduler = Scheduler(
            graph: graph, stages: toRun, jobs: options.jobs, cores: options.cores,
            elastic: options.elastic, hooks: hooks
        ) { [self] stage, threads in
            try runStageProcess(stage, threads: threads)
        }
        state.withLock { $0.scheduler = scheduler }
        let outcomes = scheduler.run()
        // A stage stopped by a signal left its workspace behind, as a failed one does not: its
        // process is gone now, so the folder goes, and the store holds only finished entries.
        if state.withLock({ $0.interrupted }) { store.removeAbandonedWorkspaces() }

        var publishingFailure: String?
        do {
            try Publisher.publishFinished(consideredStages, graph: graph, spec: spec, store: store, outputs: outputs)
        } catch {
            publishingFailure = "\(error)"
            var event = RunEvent(.message)
            event.message = "publishing failed: \(error)"
            emit(event)
        }
        let ordered = consideredStages.map { ($0.id, outcomes[$0.id] ?? .cached) }
        emit(RunEvent(.runFinished))
        var summary = Summary(outcomes: ordered, wallTime: Date().timeIntervalSince(start))
        summary.publishingFailure = publishingFailure
        return summary
    }

    /// Stops launching stages and ends the running ones; their partial work is not kept,
    /// their checkpoints are, so the next run resumes. The first call asks the stages to stop
    /// (SIGTERM); a later one kills them at once. Returns whether this was the first call.
    @discardableResult
    public func interrupt() -> Bool {
        let (running, scheduler, first) = state.withLock { state -> ([Process], Scheduler?, Bool) in
            defer { state.interrupted = true }
            return (Array(state.children.values), state.scheduler, !state.interrupted)
        }
        scheduler?.cancel()
        guard first else {
            for process in running where process.isRunning { kill(process.processIdentifier, SIGKILL) }
            return false
        }
        for process in running where process.isRunning { process.terminate() }
        // A stage that does not stop within a few seconds is killed; its checkpoint survives.
        let pids = running.map(\.processIdentifier)
        DispatchQueue.global().asyncAfter(deadline: .now() + 5) {
            for pid in pids where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        return true
    }

    /// The log file a stage's process writes: `<specFolder>/logs/<kind>/<name>.log`.
    public func logURL(_ id: StageID) -> URL {
        specFolder.appendingPathComponent("logs").appendingPathComponent(id.kind.rawValue)
            .appendingPathComponent(id.name + ".log")
    }

    private func runStageProcess(_ stage: Stage, threads: Int) throws {
        let log = logURL(stage.id)
        let logHandle: FileHandle
        do {
            logHandle = try Self.openLog(log, outputs: outputs)
        } catch {
            throw RunError.stageFailed(stage: stage.id.description, message: "\(error)", log: nil)
        }
        defer { try? logHandle.close() }

        let process = Process()
        process.executableURL = executable
        var invocation = StageInvocation(
            spec: spec.file, stage: stage.id.description, outputs: outputs.path,
            threads: threads, events: true, parent: getpid())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = logHandle
        // A stage that can take more threads reads grants on its standard input: one end of a
        // socket pair, so a grant sent to a child that just ended fails quietly (no SIGPIPE).
        var control: Int32 = -1
        if options.elastic, stage.maxThreads > stage.threads {
            var ends: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
                throw RunError.stageFailed(
                    stage: stage.id.description, message: "cannot open its control socket: errno \(errno)", log: nil)
            }
            control = ends[0]
            _ = fcntl(control, F_SETFD, FD_CLOEXEC)
            process.standardInput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
            invocation.grants = true
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.arguments = invocation.arguments
        process.environment = invocation.environment(inheriting: ProcessInfo.processInfo.environment)

        // Launch and register under one lock, so an interrupt either sees the child or stops it starting.
        try state.withLock { state in
            if state.interrupted {
                if control >= 0 { close(control) }
                throw RunError.interrupted
            }
            do {
                // The child takes this thread's niceness, which Dispatch set by quality of service.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
                try process.run()
            } catch {
                if control >= 0 { close(control) }
                throw error
            }
            state.children[stage.id] = process
            if control >= 0 {
                state.controls[stage.id] = control
                // A grant that came while the child was starting.
                if let granted = state.granted[stage.id], granted != threads { Self.sendGrant(granted, to: control) }
            }
        }
        // The child holds its end now; the runner's copy would keep the socket open after the child ends.
        if control >= 0, let input = process.standardInput as? FileHandle { try? input.close() }
        defer {
            state.withLock { state in
                _ = state.children.removeValue(forKey: stage.id)
                if let control = state.controls.removeValue(forKey: stage.id) { close(control) }
            }
        }

        relayEvents(from: pipe, of: stage)
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            if process.terminationStatus == SIGTERM || process.terminationStatus == SIGINT {
                throw RunError.interrupted
            }
            throw RunError.stageFailed(
                stage: stage.id.description, message: "killed by signal \(process.terminationStatus)", log: log.path)
        }
        guard process.terminationStatus == 0 else {
            throw RunError.stageFailed(stage: stage.id.description, message: Self.lastError(in: log), log: log.path)
        }
    }

    /// Emits the events a stage process reports as JSON lines on its standard output, until it
    /// closes it.
    private func relayEvents(from pipe: Pipe, of stage: Stage) {
        let reader = pipe.fileHandleForReading
        var buffer = Data()
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                do {
                    emit(try StageInvocation.parseEvent(line))
                } catch {
                    // Kept in the event log: the stage runs on, and its log says whether it failed.
                    var event = RunEvent(.message, stage: stage.id.description)
                    event.message = error.description
                    emit(event)
                }
            }
        }
    }

    /// Tells a child its threads, as the line `threads N`; a child that has ended is not an error.
    static func sendGrant(_ threads: Int, to control: Int32) {
        let line = Array((StageInvocation.grantLine(threads) + "\n").utf8)
        _ = line.withUnsafeBytes { send(control, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The last line that says what went wrong, for the summary.
    static func lastError(in log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        return lastError(in: lines) ?? lines.last ?? "exited with an error"
    }

    /// The message of the last `error:` line a stage wrote, which says why it failed.
    package static func lastError(in lines: [String]) -> String? {
        lines.last { $0.hasPrefix("error:") }.map {
            String($0.dropFirst("error:".count)).trimmingCharacters(in: .whitespaces)
        }
    }
}
