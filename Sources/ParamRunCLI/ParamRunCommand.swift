import ArgumentParser
import ParamRunNN
import ParamRunSupport

struct ParamRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paramrun",
        abstract: "Train and judge parameterized neural networks from YAML experiment specs.",
        discussion: "`paramrun SPEC` is short for `paramrun run SPEC`.",
        version: "paramrun \(ParamRun.version)\n\(BLASRuntime.summary)",
        subcommands: [
            RunCommand.self, ValidateCommand.self, PlanCommand.self, StageCommand.self,
            GenerateCommand.self, PredictCommand.self, DoctorCommand.self, SubmitCommand.self, StatusCommand.self,
            VerifyCommand.self, InspectCommand.self, ConvertCommand.self,
            ClsCommand.self,
            LimitCommand.self,
            FitCommand.self,
            SignificanceCommand.self
        ],
        defaultSubcommand: RunCommand.self
    )
}

/// Runs the command line: the `paramrun` executable's whole body.
package func main() {
    // OpenBLAS picks its kernels when it loads, so a better one needs a fresh process image.
    BLASRuntime.ensureBestKernel()
    ParamRunCommand.main()
}
