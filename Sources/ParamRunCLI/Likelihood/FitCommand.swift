import ArgumentParser
import Foundation
import ParamRunStats

/// `paramrun fit WORKSPACE [--patch P]…`: the maximum-likelihood fit to the observed data, every
/// parameter's value and its error from the inverse Hessian.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "The maximum-likelihood fit: −ln L at the minimum, each parameter's value and error.",
        discussion: """
            Errors are the square roots of the inverse Hessian's diagonal; a fixed parameter's is 0. \
            With --json: {"nll": …, "parameters": {"name" or "name[i]": {"value": …, "error": …}}}, one line \
            per patch, each with the patch's name. nll is −ln L with every constant, pyhf's twice_nll / 2.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try LikelihoodRunner.run(options) { model in
            let fit = try AsymptoticCalculator(model: model).fit()
            let width = min(fit.parameters.map(\.name.count).max() ?? 0, 48)
            var summary = ["−ln L = \(readable(fit.nll)) at the minimum (\(fit.iterations) iterations)"]
            for p in fit.parameters {
                let name = p.name.padding(toLength: max(width, p.name.count), withPad: " ", startingAt: 0)
                summary.append("\(name)  \(readable(p.value)) ± \(readable(p.error))" + (p.fixed ? " (fixed)" : ""))
            }
            let parameters = fit.parameters.map { p in
                (key: p.name, value: JSONText.object([("value", .number(p.value)), ("error", .number(p.error))]))
            }
            return LikelihoodOutput(
                json: .object([("nll", .number(fit.nll)), ("parameters", .object(parameters))]), summary: summary)
        }
    }
}
