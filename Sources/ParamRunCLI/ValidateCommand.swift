import ArgumentParser
import ParamRunPipeline
import ParamRunSpec

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check specs and list every problem as file:line:col; exit 2 if any is invalid."
    )

    @Argument(help: "Spec files to check.")
    var specs: [String]

    func run() throws {
        var failed = false
        for path in specs {
            do {
                let spec = try SpecLoader.load(path: path)
                let graph = try Planner.plan(spec)
                print(
                    "\(path): ok (\(spec.models.count) model\(spec.models.count == 1 ? "" : "s"), "
                        + "\(graph.stages.count) stages)"
                )
            } catch let error as SpecError {
                _ = reportSpecError(error)
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
