import Foundation
import ONNXFormat
@testable import ParamRunNN
import Testing

/// A network whose θ has a condition (`jes`) beside the mass: its metadata, and ONNX both ways.
@Suite struct NetworkConditionsTests {
    static func network(metadata: [String: String]) throws -> Network {
        let architecture = Architecture(inputCount: 4, hidden: [3], activation: .relu)
        return try Network(
            architecture: architecture, parameters: (0..<architecture.parameterCount).map { Float($0) / 10 },
            featureNames: ["a", "b", "jes", "theta"], thetaColumn: 3, metadata: metadata)
    }

    @Test func conditionsAreNamedInMetadataAndOlderFilesReadAsMassOnly() throws {
        let aware = try Self.network(metadata: [Network.conditionsMetadataKey: "jes"])
        #expect(aware.conditionNames == ["jes"])
        #expect(aware.parameterNames == ["jes", "theta"])
        // Without the key (every file written before θ had conditions) `jes` is an ordinary feature.
        let old = try Self.network(metadata: [:])
        #expect(old.conditionNames.isEmpty && old.parameterNames == ["theta"])
    }

    @Test func onnxListsTheConditionBeforeTheMassAndReadsItBack() throws {
        let aware = try Self.network(metadata: [Network.conditionsMetadataKey: "jes"])
        let description = try aware.onnxDescription()
        #expect(description.metadata[ONNXMetadataKey.parameters] == #"["jes","theta"]"#)
        #expect(description.metadata[ONNXMetadataKey.features] == #"["a","b"]"#)
        var metadata = description.metadata
        metadata[Network.conditionsMetadataKey] = nil
        let back = try Network(
            onnx: ONNXNetworkDescription(
                inputCount: description.inputCount, layers: description.layers,
                inputScaling: nil, metadata: metadata, producerVersion: "test"), file: "m.onnx")
        #expect(back.thetaColumn == 3 && back.conditionNames == ["jes"])
        #expect(back.parameters == aware.parameters)
    }

    @Test func aParameterThatIsNotAnInputColumnIsRefused() throws {
        let description = try Self.network(metadata: [:]).onnxDescription()
        var metadata = description.metadata
        metadata[ONNXMetadataKey.parameters] = #"["mu","theta"]"#
        #expect(throws: ONNXError.self) {
            try Network(
                onnx: ONNXNetworkDescription(
                    inputCount: 4, layers: description.layers, inputScaling: nil,
                    metadata: metadata, producerVersion: "test"), file: "m.onnx")
        }
    }
}
