import ArgumentParser
import Foundation
import ParamRunNN
import ParamRunPipeline
import ParamRunSupport

struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: StageInvocation.command,
        abstract: "Run exactly one stage of a spec, reading its inputs from the store "
            + "(what each worker and cluster job runs)."
    )

    @Argument(help: "The spec file.")
    var spec: String

    @Argument(help: "The stage, e.g. train/fixed-1000.")
    var stage: String

    @OptionGroup var outputs: OutputOptions

    @Option(
        name: .customLong(StageInvocation.Option.threads),
        help: "Threads the stage starts with (default: the spec's `threads`); never changes its result.")
    var threads: Int?

    @Flag(
        name: .customLong(StageInvocation.Option.grants),
        help: ArgumentHelp(
            "Read thread grants (`threads N` lines) on standard input while running, "
                + "as `paramrun run` sends them to trainings."))
    var grants = false

    @Flag(
        name: .customLong(StageInvocation.Option.events),
        help: "Write progress as JSON lines on standard output, for `paramrun run` to read.")
    var events = false

    /// What this process was asked to do: its arguments, and the parent its environment names.
    func invocation(environment: [String: String]) throws(StageInvocationError) -> StageInvocation {
        StageInvocation(
            spec: spec, stage: stage, outputs: outputs.path, threads: threads, events: events,
            grants: grants, parent: try StageInvocation.parent(in: environment))
    }

    func run() throws {
        // `paramrun run` ignores these to handle them itself, and starts stages from Dispatch
        // threads that block signals; both are inherited, and a stage must die when told to.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        let invocation: StageInvocation
        do {
            invocation = try self.invocation(environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let (spec, graph) = try loadGraph(invocation.spec)
        let stage = try graph[stageIDs([invocation.stage], in: graph)[0]]!
        do {
            if let threads = invocation.threads { try StageInvocation.check(threads: threads, for: stage) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let parent = invocation.parent { watch(parent) }
        let threads = invocation.threads ?? stage.threads
        let grant = ThreadGrant(threads)
        if invocation.grants { readGrants(into: grant, limit: stage.maxThreads) }
        // The stage owns this process, so it sets the process-wide BLAS threads: one, because
        // a training's workers each run their share of a minibatch on their own sgemm.
        BLASRuntime.setThreads(1)
        let emitEvents = invocation.events
        let executor = StageExecutor(spec: spec, graph: graph, outputs: outputs.url) { event in
            if emitEvents {
                Console.out(StageInvocation.eventLine(event))
            } else if event.event == .message {
                Console.out("\(event.stage ?? ""): \(event.message ?? "")")
            } else if event.event == .epoch, let epoch = event.epoch, let epochs = event.epochs {
                Console.out(
                    String(
                        format: "%@: epoch %d/%d loss %.4f", event.stage ?? "", epoch, epochs,
                        event.loss ?? .nan))
            }
        }
        do {
            let outcome = try executor.run(stage, threads: threads, grant: grant)
            if !emitEvents { Console.out(outcome == .cached ? "\(stage.id): cached" : "\(stage.id): done") }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Takes up the runner's grants: each `threads N` line on standard input sets the threads the
    /// stage may use from its next minibatch, at most `limit`. Ends at end of input.
    private func readGrants(into grant: ThreadGrant, limit: Int) {
        Thread.detachNewThread {
            while let line = readLine() {
                do {
                    grant.set(min(try StageInvocation.parseGrant(line), limit))
                } catch {
                    FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
                }
            }
        }
    }

    /// A stage started by `paramrun run` ends when that run dies, even by SIGKILL, so no orphan
    /// keeps training beside the run that resumes it.
    private func watch(_ parent: Int32) {
        // A detached thread, not a timer: it needs nothing to keep it alive, and lives as long as the stage.
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                if getppid() != parent {
                    FileHandle.standardError.write(
                        Data("error: the run that started this stage is gone; stopping\n".utf8))
                    Foundation.exit(3)
                }
            }
        }
    }
}
