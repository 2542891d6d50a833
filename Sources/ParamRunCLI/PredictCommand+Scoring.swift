import Foundation
import ONNXFormat
import ParamRunData
import ParamRunNN
import ParamRunPipeline

/// The work of `paramrun predict`: a network's scores for the events of a file.
extension PredictCommand {
    /// Reads a HEPMASS-format CSV(.gz), gives every event θ = `mass` for a parameterized network
    /// and each θ condition the network takes (`jes`) the value in `conditions` (a file whose
    /// own columns include one of that name keeps it unless `conditions` sets it), and returns the
    /// network's output for each event, in file order, with the events' labels.
    static func score(
        modelAt modelURL: URL, eventsAt eventsURL: URL, mass: Double?,
        conditions: [String: Double] = [:]
    ) throws -> (scores: [Float], labels: [Float]) {
        let network = try readNetwork(at: modelURL)
        if network.thetaColumn != nil && mass == nil { throw PredictError.needsMass(model: modelURL.path) }
        var options = HEPMASSReader.Options()
        options.massForMissingColumn = mass ?? 0
        var table = try HEPMASSReader.read(eventsURL, options: options)
        if let mass { table = table.withTheta(Float(mass)) }
        if let unused = conditions.keys.sorted().first(where: { !network.conditionNames.contains($0) }) {
            throw PredictError.unknownCondition(model: modelURL.path, name: unused, takes: network.conditionNames)
        }
        for name in network.conditionNames where !table.featureNames.contains(name) || conditions[name] != nil {
            guard let value = conditions[name] else {
                throw PredictError.missingCondition(model: modelURL.path, name: name, events: eventsURL.path)
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
    static func readNetwork(at url: URL) throws -> Network {
        guard url.pathExtension.lowercased() == "onnx" else { return try ModelFile.read(from: url) }
        return try Network(onnx: try ONNXImporter.read(path: url.path), file: url.path)
    }
}
