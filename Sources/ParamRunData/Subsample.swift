import ParamRunSupport

/// Seeded subsampling that keeps the original order, for file sources capped by a spec.
package enum Subsample {
    /// At most `perMass` events of each θ.
    package static func perMass(_ table: EventTable, _ perMass: Int?, seed: UInt64) -> EventTable {
        guard let perMass else { return table }
        var groups = [Float: [Int]]()
        for i in 0..<table.count { groups[table.theta[i], default: []].append(i) }
        var keep = [Int]()
        for theta in groups.keys.sorted() {
            guard var rows = groups[theta] else { continue }
            if rows.count > perMass {
                var rng = SeededGenerator(seed: seed, stream: "subsample/signal/\(theta)")
                rows.shuffle(using: &rng)
                rows = Array(rows[0..<perMass])
            }
            keep += rows
        }
        return table.rows(keep.sorted())
    }

    /// At most `count` events in all.
    package static func count(_ table: EventTable, _ count: Int?, seed: UInt64) -> EventTable {
        guard let count, count < table.count else { return table }
        var rows = Array(0..<table.count)
        var rng = SeededGenerator(seed: seed, stream: "subsample/background")
        rows.shuffle(using: &rng)
        return table.rows(Array(rows[0..<max(0, count)]).sorted())
    }
}
