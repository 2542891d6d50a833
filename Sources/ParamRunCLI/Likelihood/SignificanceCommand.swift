import ArgumentParser
import Foundation
import ParamRunStats

/// `paramrun significance WORKSPACE [--patch P]…`: the discovery p-value p₀ and its Z, observed
/// and expected (the median under μ = 1), asymptotically with q₀.
struct SignificanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "significance",
        abstract: "The discovery p-value p0 and significance Z: observed, and expected for μ = 1 (asymptotic, q0).",
        discussion: """
            With --json: {"p0_observed": …, "z_observed": …, "p0_expected": …, "z_expected": …}, one line \
            per patch, each with the patch's name.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try LikelihoodRunner.run(options) { model in
            let d = try AsymptoticCalculator(model: model).discovery()
            return LikelihoodOutput(
                json: .object([
                    ("p0_observed", .number(d.p0Observed)), ("z_observed", .number(d.zObserved)),
                    ("p0_expected", .number(d.p0Expected)), ("z_expected", .number(d.zExpected))
                ]),
                summary: [
                    "observed: p0 = \(readable(d.p0Observed)), Z = \(readable(d.zObserved))",
                    "expected (\(model.parameters[model.poiIndex].name) = 1): "
                        + "p0 = \(readable(d.p0Expected)), Z = \(readable(d.zExpected))"
                ])
        }
    }
}
