import Foundation
@testable import ParamRunPipeline
import ParamRunSupport
import Testing

@Suite struct SchedulerTests {
    @Test func everyStageRunsOnceAfterItsInputs() throws {
        let d = try PipelineFixtures.diamond()
        let log = LockedBox<[StageID]>([])
        let scheduler = Scheduler(graph: d.graph, stages: d.graph.stages, jobs: 4, cores: 4) { stage, _ in
            log.withLock { $0.append(stage.id) }
        }
        let outcomes = scheduler.run()
        let order = log.value
        #expect(Set(order) == Set(d.graph.stages.map(\.id)) && order.count == d.graph.stages.count)
        for stage in d.graph.stages {
            for input in stage.inputs {
                #expect(order.firstIndex(of: input)! < order.firstIndex(of: stage.id)!)
            }
        }
        #expect(outcomes.values.allSatisfy { $0 == .done })
    }

    @Test func aFailureSkipsOnlyItsDependents() throws {
        let d = try PipelineFixtures.diamond()
        let scheduler = Scheduler(graph: d.graph, stages: d.graph.stages, jobs: 2, cores: 2) { stage, _ in
            if stage.id == d.trainA.id {
                throw RunError.stageFailed(stage: stage.id.description, message: "boom", log: nil)
            }
        }
        let outcomes = scheduler.run()
        #expect(outcomes[d.trainA.id] == .failed(message: "boom"))
        #expect(outcomes[d.evalA.id] == .skipped(because: d.trainA.id))
        #expect(outcomes[d.report.id] == .skipped(because: d.evalA.id))
        #expect(outcomes[d.trainB.id] == .done && outcomes[d.evalB.id] == .done)
    }

    @Test func stagesNotGivenCountAsCached() throws {
        let d = try PipelineFixtures.diamond()
        let ran = LockedBox<[StageID]>([])
        let outcomes = Scheduler(graph: d.graph, stages: [d.evalA], jobs: 1, cores: 1) { stage, _ in
            ran.withLock { $0.append(stage.id) }
        }.run()
        #expect(ran.value == [d.evalA.id])
        #expect(outcomes[d.load.id] == .cached && outcomes[d.evalA.id] == .done)
    }

    @Test func neverMoreJobsOrThreadsThanAllowed() throws {
        let load = PipelineFixtures.stage(.load, "data")
        let trainings = (0..<6).map { PipelineFixtures.stage(.train, "t\($0)", inputs: [load], threads: 2) }
        let graph = try StageGraph([load] + trainings)
        let state = LockedBox((running: 0, threads: 0, peakJobs: 0, peakThreads: 0))
        _ = Scheduler(graph: graph, stages: graph.stages, jobs: 3, cores: 4) { _, threads in
            state.withLock { s in
                s.running += 1; s.threads += threads
                s.peakJobs = max(s.peakJobs, s.running); s.peakThreads = max(s.peakThreads, s.threads)
            }
            Thread.sleep(forTimeInterval: 0.02)
            state.withLock { s in
                s.running -= 1; s.threads -= threads
            }
        }.run()
        #expect(state.value.peakJobs <= 3)
        #expect(state.value.peakThreads <= 4)
    }

    @Test func hooksSeeEachStageStartAndFinish() throws {
        let d = try PipelineFixtures.diamond()
        let events = LockedBox<[String]>([])
        let hooks = Scheduler.Hooks(
            onStart: { stage, _ in events.withLock { $0.append("start \(stage.id)") } },
            onFinish: { stage, _ in events.withLock { $0.append("end \(stage.id)") } })
        _ = Scheduler(graph: d.graph, stages: d.graph.stages, jobs: 2, cores: 2, hooks: hooks) { _, _ in }.run()
        for stage in d.graph.stages {
            let start = events.value.firstIndex(of: "start \(stage.id)"),
                end = events.value.firstIndex(of: "end \(stage.id)")
            #expect(start != nil && end != nil && start! < end!)
        }
    }

    @Test func cancellingInterruptsWhatHasNotStarted() throws {
        let d = try PipelineFixtures.diamond()
        let box = LockedBox<Scheduler?>(nil)
        let scheduler = Scheduler(graph: d.graph, stages: d.graph.stages, jobs: 1, cores: 1) { stage, _ in
            if stage.id == d.load.id { box.value?.cancel() }
        }
        box.withLock { $0 = scheduler }
        let outcomes = scheduler.run()
        #expect(outcomes[d.load.id] == .done)
        #expect(
            outcomes[d.report.id] == .interrupted || outcomes[d.report.id] == .skipped(because: d.evalA.id)
                || outcomes[d.report.id] == .skipped(because: d.evalB.id))
        #expect(outcomes.values.contains(.interrupted))
    }
}
