import ArgumentParser
import Foundation
import ParamRunCluster
import ParamRunSpec
import ParamRunSupport

extension ClusterSpec.Backend: ExpressibleByArgument {}

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a spec's unfinished stages to a batch cluster (Slurm, or HTCondor DAGMan).",
        discussion: """
            Each job runs `paramrun stage` on one stage; the outputs folder must be on a filesystem \
            every node shares. Submitting again sends only what is neither finished nor still queued \
            or running. Requests come from the spec's `cluster:` section; these options win over it.
            """
    )

    @Argument(help: "The spec file.")
    var spec: String

    @OptionGroup var outputs: OutputOptions

    @Option(help: "slurm or htcondor (default: the spec's cluster.backend, else slurm).")
    var backend: ClusterSpec.Backend?

    @Option(help: "Cores per job (default: each stage's own threads).")
    var cpus: Int?

    @Option(help: "Memory per job, e.g. 4G.")
    var memory: String?

    @Option(help: "Wall-time limit per job, e.g. 1:00:00.")
    var time: String?

    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(help: "Slurm account.")
    var account: String?

    @Option(
        name: .customLong("sbatch-arg"),
        help: "A further sbatch flag for every job, e.g. --sbatch-arg=--qos=short (repeatable).")
    var sbatchArgs: [String] = []

    @Flag(help: "Write and print the job scripts without submitting.")
    var dryRun = false

    @Flag(help: "Follow the jobs until they end, then print a summary; exit 1 if any failed.")
    var wait = false

    @Option(help: "With --wait: give up after this many seconds.")
    var timeout: Double?

    func validate() throws {
        if let cpus, cpus < 1 { throw ValidationError("--cpus must be at least 1, found \(cpus)") }
        if let memory, !ClusterSpec.isValidMemory(memory) {
            throw ValidationError("--memory must be a size such as 4G or 500M, found '\(memory)'")
        }
        if let time, !ClusterSpec.isValidTime(time) {
            throw ValidationError("--time must be a time limit such as 30, 1:30:00 or 2-00:00:00, found '\(time)'")
        }
        for name in [partition, account].compactMap({ $0 }) where !ClusterSpec.isValidName(name) {
            throw ValidationError("'\(name)' is not a single partition or account name")
        }
        for flag in sbatchArgs where !flag.hasPrefix("-") {
            throw ValidationError("--sbatch-arg takes one sbatch flag starting with '-', found '\(flag)'")
        }
        if wait && dryRun { throw ValidationError("--wait and --dry-run cannot be used together") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        let started = Date()
        let (spec, graph) = try loadGraph(spec)
        let overrides = ClusterSpec(
            backend: backend, cpus: cpus, memory: memory, time: time, partition: partition,
            account: account, sbatchArgs: sbatchArgs)
        let requests = spec.cluster.overridden(by: overrides)
        let kind = requests.backend ?? .slurm
        if wait && kind != .slurm {
            throw ValidationError("--wait follows Slurm jobs only; for HTCondor, follow the DAG with condor_q -dag")
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let context = ClusterContext(
            spec: spec, graph: graph, outputs: outputs.url, executable: executable, requests: requests)
        let submitter = ClusterSubmitter(context: context, backend: kind)
        do {
            let plan = try submitter.submit(dryRun: dryRun) { Console.out($0) }
            if dryRun {
                for group in plan.groups.indices {
                    let script = context.scriptsFolder(kind).appendingPathComponent(
                        SlurmBackend.scriptName(group, plan.groups[group]))
                    if kind == .slurm, let text = try? String(contentsOf: script, encoding: .utf8) {
                        Console.out("\n# \(script.path)\n\(text)", terminator: "")
                    }
                }
                if kind == .htcondor {
                    let folder = context.scriptsFolder(.htcondor)
                    for name in ["\(spec.name).dag", "stage.sub"] {
                        if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) {
                            Console.out("\n# \(folder.appendingPathComponent(name).path)\n\(text)", terminator: "")
                        }
                    }
                }
                return
            }
            guard wait else { return }
            let submitted = Set(plan.submittedStages.map(\.id)).union(plan.live.keys)
            let display = WaitDisplay(total: graph.stages.count)
            let final = try submitter.wait(timeout: timeout) { display.show($0, since: started) }
            display.finish()
            let published = Result { try submitter.publishResults() }
            let text = submitter.summary(final, submitted: submitted, wallTime: Date().timeIntervalSince(started))
            Console.out(text)
            if case .failure(let error) = published {
                Console.error("error: \(error)")
                throw ExitCode(1)
            }
            if final.count(.failed) + final.count(.lost) + final.count(.cancelled) > 0 { throw ExitCode(1) }
        } catch let error as ClusterError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// The progress line while waiting: rewritten in place on a terminal, one line per change otherwise.
final class WaitDisplay {
    let total: Int
    let terminal = isatty(STDERR_FILENO) != 0
    var last = ""

    init(total: Int) { self.total = total }

    func show(_ status: ClusterStatus, since start: Date) {
        let line =
            "\(status.count(.cached))/\(total) done, \(status.count(.running)) running, "
            + "\(status.count(.pending)) pending, "
            + "\(status.count(.failed)) failed, \(status.count(.cancelled)) cancelled"
        if terminal {
            FileHandle.standardError.write(
                Data(String(format: "\r%@  %.0f s\u{1B}[K", line, Date().timeIntervalSince(start)).utf8))
        } else if line != last {
            FileHandle.standardError.write(
                Data(String(format: "%5.1f s  %@\n", Date().timeIntervalSince(start), line).utf8))
        }
        last = line
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
