import ArgumentParser
import Foundation
import ParamRunNN
import ParamRunPipeline
import ParamRunSupport

struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run exactly one stage of a spec, reading its inputs from the store (what each worker and cluster job runs)."
    )

    @Argument(help: "The spec file.")
    var spec: String

    @Argument(help: "The stage, e.g. train/fixed-1000.")
    var stage: String

    @OptionGroup var outputs: OutputOptions

    @Option(help: "Threads the stage starts with (default: the spec's `threads`); never changes its result.")
    var threads: Int?

    @Flag(help: "Read thread grants (`threads N` lines) on standard input while running, as `paramrun run` sends them to trainings.")
    var grants = false

    @Flag(help: "Write progress as JSON lines on standard output, for `paramrun run` to read.")
    var events = false

    func run() throws {
        // `paramrun run` ignores these to handle them itself, and starts stages from Dispatch
        // threads that block signals; both are inherited, and a stage must die when told to.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        let (spec, graph) = try loadGraph(spec)
        let stage = try graph[stageIDs([self.stage], in: graph)[0]]!
        if let threads, threads < 1 || (stage.id.kind == TrainStage.kind && threads > stage.maxThreads) {
            // A training's shards, or an unsplit minibatch's rows, bound its threads.
            FileHandle.standardError.write(Data("error: \(stage.id) can use 1 to \(stage.maxThreads) threads, found --threads \(threads)\n".utf8))
            throw ExitCode(2)
        }
        watchParent()
        let grant = ThreadGrant(threads ?? stage.threads)
        if grants { readGrants(into: grant, limit: stage.maxThreads) }
        // The stage owns this process, so it sets the process-wide BLAS threads: one, because
        // a training's workers each run their share of a minibatch on their own sgemm.
        BLASRuntime.setThreads(1)
        let emitEvents = events
        let executor = StageExecutor(spec: spec, graph: graph, outputs: outputs.url) { event in
            if emitEvents {
                Console.out(event.jsonLine())
            } else if event.event == .message {
                Console.out("\(event.stage ?? ""): \(event.message ?? "")")
            } else if event.event == .epoch, let epoch = event.epoch, let epochs = event.epochs {
                Console.out(String(format: "%@: epoch %d/%d loss %.4f", event.stage ?? "", epoch, epochs, event.loss ?? .nan))
            }
        }
        do {
            let outcome = try executor.run(stage, threads: threads ?? stage.threads, grant: grant)
            if !events { Console.out(outcome == .cached ? "\(stage.id): cached" : "\(stage.id): done") }
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
                let words = line.split(separator: " ")
                guard words.count == 2, words[0] == "threads", let count = Int(words[1]), count >= 1 else {
                    FileHandle.standardError.write(Data("warning: ignoring control line '\(line)'\n".utf8))
                    continue
                }
                grant.set(min(count, limit))
            }
        }
    }

    /// A stage started by `paramrun run` ends when that run dies, even by SIGKILL, so no orphan
    /// keeps training beside the run that resumes it.
    private func watchParent() {
        guard let text = ProcessInfo.processInfo.environment["PARAMRUN_PARENT_PID"], let parent = Int32(text) else { return }
        // A detached thread, not a timer: it needs nothing to keep it alive, and lives as long as the stage.
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                if getppid() != parent {
                    FileHandle.standardError.write(Data("error: the run that started this stage is gone; stopping\n".utf8))
                    Foundation.exit(3)
                }
            }
        }
    }
}
