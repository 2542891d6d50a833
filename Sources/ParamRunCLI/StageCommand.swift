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

    @Option(help: "BLAS threads for stages other than training (a training always runs with its spec's `threads`, part of its key).")
    var threads: Int?

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
        if let threads, stage.id.kind == TrainStage.kind, threads != stage.threads {
            // A training's thread count changes its weights' last bits, and it is part of the key.
            FileHandle.standardError.write(Data("error: \(stage.id) trains with threads: \(stage.threads), which is part of its key; set threads in the spec instead of --threads \(threads)\n".utf8))
            throw ExitCode(2)
        }
        watchParent()
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
            let outcome = try executor.run(stage, threads: threads ?? stage.threads)
            if !events { Console.out(outcome == .cached ? "\(stage.id): cached" : "\(stage.id): done") }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
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
