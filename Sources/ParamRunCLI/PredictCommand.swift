import ArgumentParser
import Foundation
import ParamRunPipeline
import ParamRunSupport

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract:
            "Score the events of a HEPMASS-format CSV(.gz) with a trained network "
            + "(.prmodel, or .onnx as paramrun exports it)."
    )

    @Argument(help: "The model file, e.g. outputs/fig7/models/param-all.prmodel or outputs/fig7/export/param-all.onnx.")
    var model: String

    @Argument(help: "The events: a HEPMASS-format .csv or .csv.gz file.")
    var events: String

    @Option(help: "The mass θ to evaluate a parameterized network at.")
    var mass: Double?

    @Option(
        name: .customLong("condition"),
        help: "A θ condition a network takes beside the mass, as NAME=VALUE (e.g. jes=0.05); repeat for several.")
    var conditions: [String] = []

    @Option(name: .shortAndLong, help: "Where to write `label,score` lines (default: standard output).")
    var output: String?

    func run() throws {
        let result: (scores: [Float], labels: [Float])
        do {
            var values: [String: Double] = [:]
            for text in conditions {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]) else {
                    throw ValidationError(
                        "--condition takes NAME=VALUE with a finite number, such as jes=0.05; found '\(text)'")
                }
                guard Float(value).isFinite else {
                    throw PredictError.nonFiniteInput(option: "--condition", text: text)
                }
                values[parts[0]] = value
            }
            // The network takes Float inputs: 1e39 is a finite Double but an infinite Float.
            if let mass, !Float(mass).isFinite {
                throw PredictError.nonFiniteInput(option: "--mass", text: "\(mass)")
            }
            result = try Self.score(
                modelAt: URL(fileURLWithPath: model), eventsAt: URL(fileURLWithPath: events),
                mass: mass, conditions: values)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        var csv = "label,score\n"
        for (label, score) in zip(result.labels, result.scores) { csv += "\(Int(label)),\(score)\n" }
        if let output {
            do {
                // Never over the model or the events, nor over a link, a device or a FIFO.
                let inputs = [URL(fileURLWithPath: model), URL(fileURLWithPath: events)]
                try AtomicFile.write(csv, to: URL(fileURLWithPath: output), inputs: inputs)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }
}
