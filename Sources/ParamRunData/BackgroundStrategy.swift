import ParamRunSupport

/// How a network's training background gets its mass θ, which it has none of physically.
///
/// Background events keep the conditions (a JES shift) they were made under; only the mass is
/// given. Every strategy gives the background of a condition setting only the training masses of
/// that setting, so θ alone never tells signal from background.
public enum BackgroundStrategy: String, Codable, Hashable, Sendable, CaseIterable {
    /// Each background event once, with a mass drawn (seeded) from the training points of its
    /// condition setting: the paper's choice, and paramrun's default.
    case sample
    /// Each background event once per training point of its setting, its weight divided by the
    /// number of those points, so the background's total weight is unchanged (CMS's choice).
    case copy
    /// As `sample`, then weighted so that every training point carries the same total signal
    /// weight and the same total background weight (Anzalone et al. balance batches by θ).
    case equalize
}

/// Which events a network trains on, at which θ, with which weights: the plan the `scale` stage
/// applies, kept in double precision so its sums can be checked exactly.
public struct TrainingSelection: Equatable, Sendable {
    /// The source table's row behind each training event (a row repeats under `copy`).
    public var rows: [Int]
    /// The mass θ of each training event.
    public var theta: [Double]
    /// Each training event's weight; nil when every event counts once.
    public var weights: [Double]?
    /// The training point each event belongs to (an index into the points given).
    public var point: [Int]

    /// The selection as a table: the rows, their θ and their weights (as float32).
    public func apply(to table: EventTable) -> EventTable {
        var out = table.rows(rows)
        out.theta = theta.map { Float($0) }
        out.weights = weights.map { $0.map { Float($0) } }
        return out
    }
}

extension BackgroundStrategy {
    /// The training events of `table` for a network trained at `points`: signal at those points,
    /// background of those points' condition settings, with background θ given by this strategy.
    ///
    /// - Throws: ``DataError`` when no signal event sits at any of the points.
    public func select(_ table: EventTable, points: [ThetaPoint], seed: UInt64) throws -> TrainingSelection {
        guard !points.isEmpty else { throw DataError(.invalidRequest("a network needs at least one training point")) }
        let columns = table.conditionColumns
        // Every event's condition setting, as an index into `settings`; -1 for none of them.
        let settings = ThetaPoint.conditionSettings(of: points)
        let pointsOfSetting = settings.map { s in
            points.indices.filter { ThetaPoint.sameConditions(points[$0].conditions, s) }
        }
        func setting(of row: Int) -> Int {
            settings.firstIndex { table.matches(row: row, conditions: $0, columns: columns) } ?? -1
        }
        var selection = TrainingSelection(rows: [], theta: [], weights: nil, point: [])
        var weights: [Double] = []
        var generator = SeededGenerator(seed: seed)
        var signalCount = 0
        for i in 0..<table.count {
            let s = setting(of: i)
            guard s >= 0 else { continue }
            let candidates = pointsOfSetting[s]
            let weight = Double(table.weights?[i] ?? 1)
            let mass = Double(table.theta[i])
            let at = candidates.first { Mass.same(points[$0].mass, mass) }
            if table.labels[i] == 1 {
                guard let at else { continue }
                selection.rows.append(i)
                selection.theta.append(mass)
                selection.point.append(at)
                weights.append(weight)
                signalCount += 1
                continue
            }
            switch self {
            case .sample, .equalize:
                // Background θ was drawn from all the dataset's masses; a network that holds a mass
                // out must not see background there either, or θ alone would flag it as background.
                let chosen = at ?? candidates[generator.nextIndex(below: candidates.count)]
                selection.rows.append(i)
                selection.theta.append(at == nil ? points[chosen].mass : mass)
                selection.point.append(chosen)
                weights.append(weight)
            case .copy:
                for p in candidates {
                    selection.rows.append(i)
                    selection.theta.append(points[p].mass)
                    selection.point.append(p)
                    weights.append(weight / Double(candidates.count))
                }
            }
        }
        guard signalCount > 0 else {
            throw DataError(
                .invalidRequest(
                    "no signal events at the training points \(points.map(\.description).joined(separator: "; "))"))
        }
        if self == .equalize { Self.equalize(&weights, selection: selection, table: table, pointCount: points.count) }
        let unweighted = table.weights == nil && self == .sample
        selection.weights = unweighted ? nil : weights
        return selection
    }

    /// Scales each point's signal and background so every point holds the same share of each
    /// class's total; points without signal or background keep their (zero) weight.
    static func equalize(_ weights: inout [Double], selection: TrainingSelection, table: EventTable, pointCount: Int) {
        var sums = [[Double]](repeating: [0, 0], count: pointCount)
        var totals = [0.0, 0.0]
        for (k, row) in selection.rows.enumerated() {
            let label = table.labels[row] == 1 ? 1 : 0
            sums[selection.point[k]][label] += weights[k]
            totals[label] += weights[k]
        }
        for label in 0...1 {
            let filled = sums.filter { $0[label] > 0 }.count
            guard filled > 0 else { continue }
            let target = totals[label] / Double(filled)
            for (k, row) in selection.rows.enumerated() where (table.labels[row] == 1 ? 1 : 0) == label {
                weights[k] *= target / sums[selection.point[k]][label]
            }
        }
    }
}
