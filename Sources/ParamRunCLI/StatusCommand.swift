import ArgumentParser
import Foundation
import ParamRunCluster

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show each stage of a submitted spec: cached, pending, running, failed (with its log), or not submitted."
    )

    @Argument(help: "The spec file.")
    var spec: String

    @OptionGroup var outputs: OutputOptions

    func run() throws {
        let (spec, graph) = try loadGraph(spec)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let context = ClusterContext(
            spec: spec, graph: graph, outputs: outputs.url, executable: executable, requests: spec.cluster)
        let record = try? JobRecord.load(JobRecord.url(specFolder: context.specFolder))
        let submitter = ClusterSubmitter(context: context, backend: record?.backend == "htcondor" ? .htcondor : .slurm)
        do {
            print(try submitter.status().render(specName: spec.name))
            if record?.backend == "htcondor" {
                print(
                    "note: these jobs went to HTCondor DAGMan, which paramrun does not query; "
                        + "`condor_q -dag` shows them"
                )
            }
        } catch let error as ClusterError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
