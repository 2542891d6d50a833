import ArgumentParser
import ParamRunKit

@main
struct ParamRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paramrun",
        abstract: "Train and judge parameterized neural networks from YAML experiment specs.",
        version: ParamRun.version,
        subcommands: [ValidateCommand.self, PlanCommand.self]
    )
}
