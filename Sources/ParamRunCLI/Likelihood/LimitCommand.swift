import ArgumentParser
import Foundation
import ParamRunStats

/// `paramrun limit WORKSPACE [--patch P]…`: the 95% CL upper limit on the POI, observed and the
/// expected band, where CLs crosses 0.05.
struct LimitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit",
        abstract: "The 95% CL upper limit on the POI: observed, and expected at −2σ … +2σ (CLs, q̃μ).",
        discussion: """
            With --json: {"observed": …, "expected": [−2σ, −1σ, median, +1σ, +2σ]}, one line per patch, \
            each with the patch's name.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try LikelihoodRunner.run(options) { model in
            let limit = try AsymptoticCalculator(model: model).upperLimit(cl: 0.95)
            let expected = limit.expected.ordered
            let bands = zip(["−2σ", "−1σ", "median", "+1σ", "+2σ"], expected)
            return LikelihoodOutput(
                json: .object([("observed", .number(limit.observed)), ("expected", .numbers(expected))]),
                summary: [
                    "95% CL upper limit on \(model.parameters[model.poiIndex].name): "
                        + "observed \(readable(limit.observed))",
                    "expected: " + bands.map { "\($0) \(readable($1))" }.joined(separator: ", ")
                ])
        }
    }
}
