import ArgumentParser
import Foundation
import ParamRunStats

/// `paramrun cls WORKSPACE [--patch P]… [--mu 1]`: CLs at one signal strength, observed and the
/// expected set, asymptotically with q̃μ, as `pyhf cls` computes it.
struct ClsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cls",
        abstract: "CLs at a signal strength: observed, and expected at −2σ … +2σ (asymptotic, q̃μ).",
        discussion: """
            With --json: {"mu": 1.0, "cls_observed": …, "cls_expected": [−2σ, −1σ, median, +1σ, +2σ]}, \
            one line per patch, each with the patch's name. A point is excluded at 95% CL where CLs < 0.05.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "The signal strength tested (the POI's value), finite and above 0.")
    var mu: Double = 1

    func run() throws {
        guard mu.isFinite, mu > 0 else {
            throw LikelihoodRunner.fail(badInput: ["--mu must be a finite number above 0, found \(mu)"])
        }
        let mu = self.mu
        try LikelihoodRunner.run(options) { model in
            let result = try AsymptoticCalculator(model: model).cls(mu: mu)
            let bands = zip(["−2σ", "−1σ", "median", "+1σ", "+2σ"], result.clsExpected)
            return LikelihoodOutput(
                json: .object([
                    ("mu", .number(result.mu)), ("cls_observed", .number(result.clsObserved)),
                    ("cls_expected", .numbers(result.clsExpected))
                ]),
                summary: [
                    "CLs at \(model.parameters[model.poiIndex].name) = \(readable(result.mu)): "
                        + "observed \(readable(result.clsObserved))"
                        + (result.clsObserved < 0.05 ? " (excluded at 95% CL)" : " (not excluded at 95% CL)"),
                    "expected: " + bands.map { "\($0) \(readable($1))" }.joined(separator: ", ")
                ])
        }
    }
}
