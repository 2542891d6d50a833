import Foundation
import ONNXFormat
import ParamRunData
import ParamRunNN
import ParamRunSpec
import ParamRunSupport

/// `export/<model>`: writes a trained network as `model.onnx` (ONNX IR 7, opset 13), its input
/// scaling folded into the first Gemm so that it takes raw features and θ, with the provenance a
/// user needs to feed it (feature and parameter names, training θ, scaler, version, spec, key) in
/// its `metadata_props`.
package enum ExportStage: StageDefinition {
    package static let kind = StageKind(declaring: "export")

    /// The ONNX file holds the spec's name and the scaler's kind as metadata, so both are part
    /// of the result; the network itself comes from the input's key.
    package struct Configuration: Codable, Sendable {
        var formats: [ExportSpec.Format]
        var spec: String
        var scale: Scaler.Kind
    }

    package static let onnxFile = "model.onnx"

    package static func plan(_ spec: Spec, into plan: inout PlanBuilder) throws {
        guard !spec.export.formats.isEmpty else { return }
        for model in spec.export.models {
            try plan.add(
                StageID(kind, model), inputs: [StageID(TrainStage.kind, model)],
                configuration: Configuration(formats: spec.export.formats, spec: spec.name, scale: spec.scale))
        }
    }

    package static func run(_ c: Configuration, in context: StageContext) throws {
        // inputFolder(0) throws when the input is missing, so inputs[0] exists past it.
        let network = try ModelFile.read(from: try context.inputFolder(0).appendingPathComponent(TrainStage.modelFile))
        let training = context.stage.inputs[0]
        guard let trainingKey = context.graph[training]?.key else {
            throw RunError.missingInput(stage: context.stage.id.description, input: training.description)
        }
        for format in c.formats {
            switch format {
            case .onnx:
                let description = try network.onnxDescription(
                    metadata: metadata(
                        of: network, configuration: c, trainingKey: trainingKey, model: context.stage.id.name))
                let bytes = try ONNXExporter.serialize(description)
                try AtomicFile.write(Data(bytes), to: context.workspace.appendingPathComponent(onnxFile))
                context.message("\(onnxFile): \(bytes.count) bytes, \(description.layers.count) Gemm layers")
            }
        }
    }

    /// Everything beyond the layers that a user of the file needs, under ``ONNXMetadataKey``'s keys;
    /// the network's own input names are added by ``Network/onnxDescription(metadata:producerVersion:)``.
    static func metadata(of network: Network, configuration c: Configuration, trainingKey: String, model: String)
        -> [String: String]
    {
        let theta = network.trainMasses
        var metadata = [
            ONNXMetadataKey.version: ParamRun.version,
            ONNXMetadataKey.spec: c.spec,
            ONNXMetadataKey.stageKey: trainingKey,
            ONNXMetadataKey.model: model,
            ONNXMetadataKey.trainingTheta: json(theta)
        ]
        if let type = network.modelType { metadata[ONNXMetadataKey.modelType] = type }
        if let low = theta.min(), let high = theta.max() {
            metadata[ONNXMetadataKey.trainingThetaRange] = json([low, high])
        }
        let scaler = ScalerMetadata(
            kind: c.scale.rawValue, offsets: network.scaler?.offsets ?? [], scales: network.scaler?.scales ?? [])
        metadata[ONNXMetadataKey.scaler] = json(scaler)
        return metadata
    }

    /// The `paramrun.scaler` value: what the first Gemm already has folded in, kept for reference.
    struct ScalerMetadata: Codable {
        var kind: String
        var offsets: [Float]
        var scales: [Float]
    }

    static func json(_ value: some Encodable) -> String {
        (try? JSONCoding.canonical(value)) ?? ""
    }

    package static func publications(of stage: Stage, spec: Spec, in folder: URL) -> [Publication] {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(onnxFile).path)
            ? [Publication(onnxFile, to: "export/\(stage.id.name).onnx")] : []
    }
}

extension StageKind {
    /// `export` stages (ExportStage).
    public static let export = ExportStage.kind
}
