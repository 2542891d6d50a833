import ArgumentParser
import ParamRunKit

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

    func run() throws {
        let spec = try loadSpec(spec)
        let graph = try Planner.plan(spec)
        print(GraphRenderer.render(graph, spec: spec, format: format))
    }
}
