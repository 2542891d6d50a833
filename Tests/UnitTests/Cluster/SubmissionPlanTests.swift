import Foundation
@testable import ParamRunCluster
@testable import ParamRunPipeline
import Testing

@Suite struct SubmissionPlanTests {
    @Test func independentStagesOfAKindGoAsOneArrayParentsFirst() throws {
        let outputs = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let c = try ClusterFixtures.context(outputs: outputs)
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        #expect(plan.groups.map(\.kind) == [.load, .scale, .train, .evaluate, .report])
        #expect(plan.groups.map(\.stages.count) == [2, 2, 2, 2, 1])
        #expect(plan.groups[2].isArray)
        #expect(plan.groups[4].name == "report-sweep")
        #expect(Set(plan.groups[2].parents) == Set(plan.groups[1].stages.map(\.id)))
        #expect(plan.groups[0].parents.isEmpty)
        #expect(plan.submittedStages.count == c.graph.stages.count)
    }

    @Test func cachedStagesAreSkippedAndNotDependedOn() throws {
        let outputs = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let c = try ClusterFixtures.context(outputs: outputs)
        for stage in c.graph.stages where stage.id.kind == .load || stage.id.kind == .scale {
            try ClusterFixtures.finish(stage, in: c.store)
        }
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        #expect(plan.cached.count == 4)
        #expect(plan.groups.first?.kind == .train)
        #expect(plan.groups.first?.parents.isEmpty == true)
        // Evaluations still wait for the trainings, but not for the cached test data.
        #expect(plan.groups[1].parents.allSatisfy { $0.kind == .train })
    }

    @Test func liveStagesAreNotResubmittedButDependedOn() throws {
        let outputs = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let c = try ClusterFixtures.context(outputs: outputs)
        for stage in c.graph.stages where stage.id.kind == .load || stage.id.kind == .scale {
            try ClusterFixtures.finish(stage, in: c.store)
        }
        let lomo0 = StageID(.train, "lomo-0")
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [lomo0: "41_0"])
        #expect(!plan.submittedStages.contains { $0.id == lomo0 })
        #expect(plan.groups[0].stages.map(\.id) == [StageID(.train, "lomo-1")])
        #expect(plan.groups[1].parents.contains(lomo0))
        #expect(plan.live[lomo0] == "41_0")
    }
}
