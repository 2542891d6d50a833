import ArgumentParser
import Foundation
import ParamRunPipeline
import ParamRunSupport

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score the events of a HEPMASS-format CSV(.gz) with a trained network (.prmodel, or .onnx as paramrun exports it)."
    )

    @Argument(help: "The model file, e.g. outputs/fig7/models/param-all.prmodel or outputs/fig7/export/param-all.onnx.")
    var model: String

    @Argument(help: "The events: a HEPMASS-format .csv or .csv.gz file.")
    var events: String

    @Option(help: "The mass θ to evaluate a parameterized network at.")
    var mass: Double?

    @Option(name: .shortAndLong, help: "Where to write `label,score` lines (default: standard output).")
    var output: String?

    func run() throws {
        let result: (scores: [Float], labels: [Float])
        do {
            result = try EventScorer.score(modelAt: URL(fileURLWithPath: model), eventsAt: URL(fileURLWithPath: events), mass: mass)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        var csv = "label,score\n"
        for (label, score) in zip(result.labels, result.scores) { csv += "\(Int(label)),\(score)\n" }
        if let output {
            try AtomicFile.write(csv, to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }
}
