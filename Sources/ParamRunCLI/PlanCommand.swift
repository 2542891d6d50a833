import ArgumentParser
import ParamRunPipeline

extension GraphRenderer.Format: ExpressibleByArgument {}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the stage graph a spec turns into, with each stage's cache key."
    )

    @Argument(help: "The spec file.")
    var spec: String

    @Option(help: "Output format: \(GraphRenderer.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: GraphRenderer.Format = .text

    @OptionGroup var outputs: OutputOptions

    func run() throws {
        let (spec, graph) = try loadGraph(spec)
        let records = PlanExplainer.loadRecords(PlanExplainer.recordURL(outputs: outputs.url, specName: spec.name))
        let statuses = PlanExplainer.explain(graph, store: ArtifactStore(outputs: outputs.url), records: records)
        print(GraphRenderer.render(graph, spec: spec, format: format, statuses: statuses))
    }
}
