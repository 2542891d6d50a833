import Foundation
import ONNXFormat
import ParamRunData
import ParamRunNN

/// Scores events from a file with a trained network: what `paramrun predict` does.
public enum EventScorer {
    /// Reads a HEPMASS-format CSV(.gz), gives every event θ = `mass` for a parameterized network
    /// and each θ condition the network takes (`jes`) the value in `conditions` (a file whose
    /// own columns include one of that name keeps it unless `conditions` sets it), and returns the network's output for each event, in file order,
    /// with the events' labels.
    public static func score(modelAt modelURL: URL, eventsAt eventsURL: URL, mass: Double?,
                             conditions: [String: Double] = [:]) throws -> (scores: [Float], labels: [Float]) {
        let network = try readNetwork(at: modelURL)
        if network.thetaColumn != nil && mass == nil {
            throw RunError.stageFailed(stage: "predict", message: "\(modelURL.path) is a parameterized network: give the mass to evaluate it at with --mass", log: nil)
        }
        var options = HEPMASSReader.Options()
        options.massForMissingColumn = mass ?? 0
        var table = try HEPMASSReader.read(eventsURL, options: options)
        if let mass { table = table.withTheta(Float(mass)) }
        if let unused = conditions.keys.sorted().first(where: { !network.conditionNames.contains($0) }) {
            let takes = network.conditionNames.isEmpty ? "takes no θ conditions" : "takes \(network.conditionNames.joined(separator: ", "))"
            throw RunError.stageFailed(stage: "predict", message: "\(modelURL.path) has no θ condition '\(unused)': it \(takes)", log: nil)
        }
        for name in network.conditionNames where !table.featureNames.contains(name) || conditions[name] != nil {
            guard let value = conditions[name] else {
                throw RunError.stageFailed(stage: "predict", message: "\(modelURL.path) takes the θ condition '\(name)': give its value with --condition \(name)=VALUE, or a '\(name)' column in \(eventsURL.path)", log: nil)
            }
            if let index = table.featureNames.firstIndex(of: name) {
                for r in 0..<table.count { table.features[r * table.featureCount + index] = Float(value) }
            } else {
                table = table.appendingCondition(name, value: value)
            }
        }
        let (scores, labels, _) = try NetworkInputs.score(network, table)
        return (scores, labels)
    }

    /// A `.prmodel`, or an `.onnx` file of the subset paramrun writes, as a network on raw inputs.
    public static func readNetwork(at url: URL) throws -> Network {
        guard url.pathExtension.lowercased() == "onnx" else { return try ModelFile.read(from: url) }
        return try Network(onnx: try ONNXImporter.read(path: url.path), file: url.path)
    }
}
