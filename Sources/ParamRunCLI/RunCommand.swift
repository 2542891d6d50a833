import ArgumentParser
import Dispatch
import Foundation
import ParamRunPipeline
import ParamRunSupport

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a spec's whole graph, reusing every result already in the store."
    )

    @Argument(help: "The spec file.")
    var spec: String

    @OptionGroup var outputs: OutputOptions

    @Option(help: "How many stages may run at once (default: the machine's cores).")
    var jobs: Int?

    @Option(parsing: .upToNextOption, help: "Run these stages again although their results are cached.")
    var force: [String] = []

    @Option(parsing: .upToNextOption, help: "Run only these stages and what they need.")
    var only: [String] = []

    @Option(help: "Cores the run's stages may keep busy together (default: the machine's).")
    var cores: Int?

    @Flag(help: "Keep each stage at the threads it started with: lend no idle core to a running training.")
    var fixedThreads = false

    @Flag(help: "Say what would run, and why, without running anything.")
    var dryRun = false

    @Flag(help: "Print only failures and the summary.")
    var quiet = false

    @Flag(help: "Also print each stage's messages.")
    var verbose = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
        if let cores, cores < 1 { throw ValidationError("--cores must be at least 1, found \(cores)") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    func run() throws {
        let (spec, graph) = try loadGraph(spec)
        if let problem = OutputOptions.notAFolder(outputs.url.appendingPathComponent(spec.name)) {
            FileHandle.standardError.write(Data("error: the results of spec '\(spec.name)': \(problem)\n".utf8))
            throw ExitCode(2)
        }
        let cores = cores ?? ProcessInfo.processInfo.activeProcessorCount
        var options = LocalRunner.Options(jobs: jobs ?? cores, cores: cores)
        options.forced = Set(try stageIDs(force, in: graph))
        options.elastic = !fixedThreads
        if !only.isEmpty { options.only = try stageIDs(only, in: graph) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let display = ProgressDisplay(quiet: quiet, verbose: verbose)
        let runner = try LocalRunner(
            spec: spec, graph: graph, outputs: outputs.url, options: options,
            executable: executable, observe: display.handle)
        if dryRun {
            let statuses = Dictionary(uniqueKeysWithValues: runner.explain().map { ($0.0.id, $0.1) })
            let shown = try StageGraph(runner.consideredStages)
            print(GraphRenderer.render(shown, spec: spec, format: .text, statuses: statuses))
            return
        }

        // SIGINT (Ctrl-C) and SIGTERM (kill, timeout, a batch scheduler) stop the stages cleanly;
        // a second one kills them at once. Either way the finished stages stay in the store.
        let trap = SignalTrap([SIGINT, SIGTERM]) { signal in
            let first = runner.interrupt()
            Console.error(
                first
                    ? "paramrun: \(SignalTrap.name(signal)) received: stopping the running stages "
                        + "(send it again to kill them at once)"
                    : "paramrun: \(SignalTrap.name(signal)) received again: killing the running stages")
        }
        let summary = withExtendedLifetime(trap) { runner.run() }
        display.finish()
        print(Self.describe(summary, runner: runner))
        if summary.interrupted { throw ExitCode(130) }
        if summary.unsuccessful { throw ExitCode(1) }
    }

    static func describe(_ summary: LocalRunner.Summary, runner: LocalRunner) -> String {
        let done = summary.count { $0 == .done }, cached = summary.count { $0 == .cached }
        let failed = summary.outcomes.filter { if case .failed = $0.outcome { return true } else { return false } }
        let skipped = summary.outcomes.filter { if case .skipped = $0.outcome { return true } else { return false } }
        let interrupted = summary.count { $0 == .interrupted }
        var lines = [
            String(
                format: "%@: %d done, %d cached, %d failed, %d skipped%@ in %.1f s",
                runner.spec.name, done, cached, failed.count, skipped.count,
                interrupted > 0 ? ", \(interrupted) stopped" : "", summary.wallTime)
        ]
        for (stage, outcome) in failed {
            if case .failed(let message) = outcome {
                lines.append("  failed  \(stage): \(message)")
                lines.append("          log: \(runner.logURL(stage).path)")
            }
        }
        for (stage, outcome) in skipped {
            if case .skipped(let blocker) = outcome { lines.append("  skipped \(stage): needs \(blocker)") }
        }
        if let failure = summary.publishingFailure {
            lines.append("  failed  publishing: \(failure) (the results are in the store; fix this and run again)")
        }
        if interrupted > 0 {
            lines.append("  interrupted by a signal: finished stages are kept; run the same command again to resume")
        }
        if !summary.unsuccessful && !summary.interrupted {
            lines.append("results: \(runner.specFolder.path)")
        }
        return lines.joined(separator: "\n")
    }
}
