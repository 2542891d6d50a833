import Foundation
import ONNXFormat
@testable import ParamRunNN
@testable import ParamRunPipeline
@testable import ParamRunSpec
@testable import ParamRunSupport
import Testing

@Suite struct ExportStageTests {
    static let spec = """
        name: exports
        seed: 3
        datasets:
          train: {source: xttbar, masses: [500, 1000, 1500], signal_per_mass: 100, background: 300}
          test: {source: xttbar, masses: [500, 1000, 1500], signal_per_mass: 100, background: 300}
        features: [f0, f26]
        network: &net {hidden: [8], epochs: 2}
        models:
          param: {<<: *net, type: parameterized, held_out: [1000]}
          fixed: {<<: *net, type: fixed, train_masses: [1000]}
          lomo: {<<: *net, type: parameterized, held_out: !each [500, 1500]}
        evaluate: {masses: [1000], models: [param, fixed, lomo]}
        """

    func keys(_ text: String) throws -> [String: String] {
        let graph = try Planner.plan(try SpecLoader.load(text: text, file: "e.yaml"))
        return Dictionary(uniqueKeysWithValues: graph.stages.map { ($0.id.description, $0.key) })
    }

    @Test func exportsEveryEvaluatedModelByDefault() throws {
        let spec = try SpecLoader.load(text: Self.spec + "\nexport: {formats: [onnx]}\n", file: "e.yaml")
        #expect(spec.export == ExportSpec(formats: [.onnx], models: ["param", "fixed", "lomo-500", "lomo-1500"]))
        let graph = try Planner.plan(spec)
        let exports = graph.stages.filter { $0.id.kind == .export }
        #expect(exports.map(\.id.name).sorted() == ["fixed", "lomo-1500", "lomo-500", "param"])
        #expect(graph[StageID(.export, "param")]?.inputs == [StageID(.train, "param")])
    }

    @Test func aSweepNameExportsTheWholeSweep() throws {
        let spec = try SpecLoader.load(
            text: Self.spec + "\nexport: {formats: [onnx], models: [lomo, fixed]}\n", file: "e.yaml")
        #expect(spec.export.models == ["lomo-500", "lomo-1500", "fixed"])
    }

    @Test func noExportSectionExportsNothing() throws {
        let spec = try SpecLoader.load(text: Self.spec, file: "e.yaml")
        #expect(spec.export == ExportSpec())
        #expect(try Planner.plan(spec).stages.allSatisfy { $0.id.kind != .export })
    }

    /// Adding exports adds stages and changes no other stage's key but the report's, whose key
    /// holds the spec's text (it shows the YAML as written).
    @Test func exportingChangesNoOtherStagesKey() throws {
        let before = try keys(Self.spec)
        let after = try keys(Self.spec + "\nexport: {formats: [onnx]}\n")
        #expect(after.count == before.count + 4)
        for (id, key) in before where !"\(id)".hasPrefix("report/") { #expect(after[id] == key, "\(id)") }
    }

    @Test func metadataNamesEverythingAUserNeeds() throws {
        let architecture = Architecture(inputCount: 3, hidden: [4])
        var generator = SeededGenerator(seed: 9)
        let network = try Network(
            architecture: architecture,
            parameters: (0..<architecture.parameterCount).map { _ in Float(generator.nextNormal()) },
            scaler: try InputScaler(offsets: [1, 2, 1000], scales: [0.5, 0.25, 0.004]),
            featureNames: ["f0", "f26", "theta"],
            thetaColumn: 2, metadata: ["type": "parameterized", "train_masses": "500,1500"])
        let configuration = ExportStage.Configuration(formats: [.onnx], spec: "exports", scale: .standard)
        let metadata = ExportStage.metadata(
            of: network, configuration: configuration, trainingKey: "abc123", model: "param")
        let d = try network.onnxDescription(metadata: metadata)
        let expected: [String: String] = [
            ONNXMetadataKey.version: ParamRun.version,
            ONNXMetadataKey.spec: "exports",
            ONNXMetadataKey.stageKey: "abc123",
            ONNXMetadataKey.model: "param",
            ONNXMetadataKey.modelType: "parameterized",
            ONNXMetadataKey.features: #"["f0","f26"]"#,
            ONNXMetadataKey.parameters: #"["theta"]"#,
            ONNXMetadataKey.inputOrder: #"["f0","f26","theta"]"#,
            ONNXMetadataKey.trainingTheta: "[500,1500]",
            ONNXMetadataKey.trainingThetaRange: "[500,1500]",
            ONNXMetadataKey.scaler: #"{"kind":"standard","offsets":[1,2,1000],"scales":[0.5,0.25,0.004]}"#
        ]
        #expect(d.metadata == expected)
        // The file carries them, and the importer reads them back unchanged.
        let back = try ONNXImporter.parse(bytes: try ONNXExporter.serialize(d), file: "param.onnx")
        #expect(back.metadata == expected)
    }
}
