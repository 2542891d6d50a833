import Foundation
@testable import ParamRunPipeline
import ParamRunSupport
import Testing

/// The scheduler's grant decisions: idle cores are lent to running trainings up to their shards,
/// and taken back when a waiting stage becomes ready.
@Suite struct ThreadLeasesTests {
    private let a = StageID(.train, "a"), b = StageID(.train, "b"), c = StageID(.evaluate, "c")

    @Test("a freed core goes to the running stage with the fewest threads that can use one")
    func lendsToTheFewest() {
        var leases = ThreadLeases(cores: 5)
        leases.start(a, threads: 1, limit: 4)
        leases.start(b, threads: 2, limit: 4)
        leases.start(c, threads: 1, limit: 1)
        #expect(leases.lendIdle() == [a: 2])
        leases.finish(c)
        // a and b tie at 2: the first ID gets the core.
        #expect(leases.lendIdle() == [a: 3])
        #expect(leases.inUse == 5)
    }

    @Test("no stage gets more than its limit, and cores stay idle when none can use them")
    func respectsLimits() {
        var leases = ThreadLeases(cores: 8)
        leases.start(a, threads: 1, limit: 2)
        leases.start(c, threads: 1, limit: 1)
        #expect(leases.lendIdle() == [a: 2])
        #expect(leases.inUse == 3)
        #expect(leases.lendIdle().isEmpty)
    }

    @Test("lent cores come back, most lent first, only as many as a ready stage needs")
    func reclaims() {
        var leases = ThreadLeases(cores: 6)
        leases.start(a, threads: 1, limit: 4)
        leases.start(b, threads: 1, limit: 4)
        _ = leases.lendIdle()
        #expect(leases.leases[a]?.current == 3 && leases.leases[b]?.current == 3)
        #expect(leases.reclaim(toFit: 1) == [b: 2])
        leases.start(c, threads: 1, limit: 1)
        #expect(leases.inUse == 6)
        // Asking for more than is lent takes nothing: the stage waits for a stage to finish.
        #expect(leases.reclaim(toFit: 5).isEmpty)
        #expect(leases.reclaim(toFit: 3) == [a: 1, b: 1])
        #expect(leases.inUse == 3)
    }

    @Test("with elastic threads, a training that runs alone is granted the freed core; without, never")
    func schedulerGrantsFreedCores() throws {
        let load = PipelineFixtures.stage(.load, "data")
        let long = PipelineFixtures.stage(.train, "long", inputs: [load], maxThreads: 2)
        let short = PipelineFixtures.stage(.train, "short", inputs: [load], maxThreads: 2)
        let graph = try StageGraph([load, long, short])
        for elastic in [true, false] {
            let grants = LockedBox<[(StageID, Int)]>([])
            let shortDone = DispatchSemaphore(value: 0)
            let hooks = Scheduler.Hooks(onGrant: { stage, threads in
                grants.withLock { $0.append((stage.id, threads)) }
            })
            let outcomes = Scheduler(
                graph: graph, stages: graph.stages, jobs: 2, cores: 2, elastic: elastic, hooks: hooks
            ) { stage, _ in
                if stage.id == short.id { shortDone.signal() }
                // The long training outlives the short one, so a core frees while it runs.
                if stage.id == long.id { shortDone.wait(); Thread.sleep(forTimeInterval: 0.2) }
            }.run()
            #expect(outcomes.values.allSatisfy { $0 == .done })
            let seen = grants.value
            if elastic {
                #expect(seen.contains { $0.0 == long.id && $0.1 == 2 }, "\(seen)")
                #expect(seen.allSatisfy { $0.1 <= 2 })
            } else {
                #expect(seen.isEmpty)
            }
        }
    }
}
