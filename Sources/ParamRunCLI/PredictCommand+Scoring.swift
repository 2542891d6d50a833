import Foundation
import ONNXFormat
import ParamRunData
import ParamRunNN
import ParamRunPipeline
import ParamRunSupport

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
        if let i = scores.firstIndex(where: { !$0.isFinite }) {
            throw PredictError.nonFiniteScore(
                model: modelURL.path, events: eventsURL.path, event: i + 1, score: scores[i])
        }
        return (scores, labels)
    }

    /// The largest model file `predict` reads into memory, 4 GiB; an ONNX file is held to
    /// `ONNXImporter.maximumFileSize` (1 GiB) besides.
    static let maximumModelSize = 1 << 32

    /// A `.prmodel`, or an `.onnx` file of the subset paramrun writes, as a network on raw inputs.
    ///
    /// The file is read once, so a model can come through a pipe (`<(cat model.onnx)`); one whose
    /// name says neither is told apart by the `.prmodel` magic.
    static func readNetwork(at url: URL) throws -> Network {
        let bytes = try InputFile.contents(atPath: url.path, limit: maximumModelSize)
        let kind = url.pathExtension.lowercased()
        if kind == ModelFile.pathExtension || kind != "onnx" && ModelFile.hasMagic(bytes) {
            return try ModelFile.read(bytes: bytes, path: url.path)
        }
        return try Network(onnx: try ONNXImporter.parse(bytes: bytes, file: url.path), file: url.path)
    }
}
