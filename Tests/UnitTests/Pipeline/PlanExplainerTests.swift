import Foundation
@testable import ParamRunPipeline
import ParamRunTestSupport
import Testing

@Suite struct PlanExplainerTests {
    @Test func statusesFollowTheStoreAndTheLastRecords() throws {
        let d = try PipelineFixtures.diamond()
        let store = ArtifactStore(root: try TemporaryDirectory.make("explain"))
        defer { try? FileManager.default.removeItem(at: store.root) }
        var records: [String: PlanExplainer.Record] = [:]
        #expect(PlanExplainer.explain(d.graph, store: store, records: records).values.allSatisfy { $0 == .new })

        try PipelineFixtures.commit(d.load, files: ["x": "1"], in: store)
        for stage in d.graph.stages { records[stage.id.description] = PlanExplainer.record(of: stage, in: d.graph) }
        let statuses = PlanExplainer.explain(d.graph, store: store, records: records, forced: [d.report.id])
        #expect(statuses[d.load.id] == .cached)
        #expect(statuses[d.trainA.id] == .missing)
        #expect(statuses[d.report.id] == .forced)

        // A changed learning rate: that training says which key changed, and its evaluation that its input did.
        let changedA = PipelineFixtures.stage(.train, "a", inputs: [d.load], configuration: #"{"rate":0.3}"#)
        let changedEval = PipelineFixtures.stage(.evaluate, "a@1", inputs: [changedA, d.load])
        let changedReport = PipelineFixtures.stage(.report, "r", inputs: [changedEval, d.evalB])
        let graph = try StageGraph([d.load, changedA, d.trainB, changedEval, d.evalB, changedReport])
        let after = PlanExplainer.explain(graph, store: store, records: records)
        #expect(after[changedA.id] == .configurationChanged(["rate"]))
        #expect(after[changedEval.id] == .inputChanged([changedA.id]))
        #expect(after[d.trainB.id] == .missing)
    }

    @Test func changedPathsNameNestedKeys() {
        #expect(
            PlanExplainer.changedPaths(
                #"{"model":{"optimizer":{"sgd":{"learningRate":0.1}}},"seed":1}"#,
                #"{"model":{"optimizer":{"sgd":{"learningRate":0.05}}},"seed":1}"#)
                == ["model.optimizer.sgd.learningRate"])
    }

    @Test func recordsRoundTrip() throws {
        let d = try PipelineFixtures.diamond()
        let folder = try TemporaryDirectory.make("records")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = PlanExplainer.recordURL(outputs: folder, specName: "s")
        let records = Dictionary(
            uniqueKeysWithValues: d.graph.stages.map { ($0.id.description, PlanExplainer.record(of: $0, in: d.graph)) })
        try PlanExplainer.saveRecords(records, to: url)
        #expect(PlanExplainer.loadRecords(url) == records)
    }
}
