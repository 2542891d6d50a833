/// The scheduler's thread accounting: which running stage holds how many of the machine's
/// cores, and the rule by which idle cores are lent to running stages and taken back.
///
/// A plain value, so the rule is tested by itself. Lending never changes a result: only a
/// stage that can use more threads without changing its bits (a training, up to its `maxThreads`) has
/// a `limit` above its `base`.
struct ThreadLeases: Equatable, Sendable {
    /// One running stage's threads: those it started with, those it holds now, and the most it can use.
    struct Lease: Equatable, Sendable {
        var base: Int
        var current: Int
        var limit: Int
        var lent: Int { current - base }
    }

    let cores: Int
    private(set) var leases: [StageID: Lease] = [:]

    init(cores: Int) {
        self.cores = max(1, cores)
    }

    /// Threads held by running stages.
    var inUse: Int { leases.values.reduce(0) { $0 + $1.current } }
    var count: Int { leases.count }
    var isEmpty: Bool { leases.isEmpty }

    mutating func start(_ id: StageID, threads: Int, limit: Int) {
        leases[id] = Lease(base: threads, current: threads, limit: max(threads, limit))
    }

    mutating func finish(_ id: StageID) {
        leases[id] = nil
    }

    /// Takes lent threads back until `needed` more fit in the cores, from the stage holding the
    /// most lent (ties: the last ID), one at a time. Returns the stages whose count changed and
    /// their new counts; takes nothing when even all lent threads would not make room.
    mutating func reclaim(toFit needed: Int) -> [StageID: Int] {
        var excess = inUse + needed - cores
        let lent = leases.values.reduce(0) { $0 + $1.lent }
        guard excess > 0, lent >= excess else { return [:] }
        var changed: [StageID: Int] = [:]
        while excess > 0 {
            let id = leases.filter { $0.value.lent > 0 }
                .max { ($0.value.lent, $0.key) < ($1.value.lent, $1.key) }!.key
            leases[id]!.current -= 1
            changed[id] = leases[id]!.current
            excess -= 1
        }
        return changed
    }

    /// Lends every idle core, one at a time, to the running stage with the fewest threads that
    /// can use another (ties: the first ID). Returns the stages whose count changed and their new counts.
    mutating func lendIdle() -> [StageID: Int] {
        var changed: [StageID: Int] = [:]
        while inUse < cores {
            guard
                let id = leases.filter({ $0.value.current < $0.value.limit })
                    .min(by: { ($0.value.current, $0.key) < ($1.value.current, $1.key) })?.key
            else { break }
            leases[id]!.current += 1
            changed[id] = leases[id]!.current
        }
        return changed
    }
}
