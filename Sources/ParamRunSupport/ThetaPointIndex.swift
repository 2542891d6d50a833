/// θ points with a value each, where a lookup finds the point that is the same hypothesis
/// (``ThetaPoint/same(_:)``) in constant time for a fixed number of components, so validating
/// and planning a grid of a million points stays linear.
package struct ThetaPointIndex<Value: Sendable>: Sendable {
    /// Entries by the cell they fall in, keyed by a hash of the cell's coordinates: a bucket
    /// twice a tolerance wide of the mass and of each condition, centred on its multiples. A
    /// match is then in the same bucket or the one on the value's side of the centre, along every
    /// component; a hash collision only merges two cells, since every candidate is compared.
    private var cells: [Int: [(point: ThetaPoint, value: Value)]] = [:]
    /// The condition names in order, fixed by the first point: sorting them per lookup would
    /// cost more than the lookup.
    private var names: [String]?
    /// How many points the index holds.
    package private(set) var count = 0

    package init() {}

    /// The buckets `value` may find a match in: its own first.
    private static func buckets(_ value: Double, _ tolerance: Double) -> [Int64] {
        let scaled = value / (2 * tolerance)
        let centre = scaled.rounded()
        guard centre.isFinite, abs(centre) < 9e18 else { return [0] }
        let b = Int64(centre)
        return scaled < centre ? [b, b - 1] : scaled > centre ? [b, b + 1] : [b]
    }

    /// The keys of the cells a match for `point` may be in, its own cell first.
    private func keys(_ point: ThetaPoint) -> [Int] {
        let order = names.flatMap { $0.count == point.conditions.count ? $0 : nil } ?? point.conditions.keys.sorted()
        var hashers = [Hasher()]
        hashers[0].combine(order.count)
        for candidates in [Self.buckets(point.mass, Mass.tolerance)]
            + order.map({ Self.buckets(point.conditions[$0] ?? .nan, ThetaPoint.conditionTolerance) })
        {
            hashers =
                candidates.count == 1
                ? hashers.map {
                    var h = $0; h.combine(candidates[0]); return h
                }
                : hashers.flatMap { h in
                    candidates.map {
                        var h = h; h.combine($0); return h
                    }
                }
        }
        return hashers.map { $0.finalize() }
    }

    /// The value stored with the point that is the same hypothesis as `point`, if any.
    package func value(for point: ThetaPoint) -> Value? {
        guard !cells.isEmpty else { return nil }
        for key in keys(point) {
            if let match = cells[key]?.first(where: { $0.point.same(point) }) { return match.value }
        }
        return nil
    }

    /// Whether the index holds the same hypothesis as `point`.
    package func contains(_ point: ThetaPoint) -> Bool { value(for: point) != nil }

    /// Adds `point` with `value`; returns false, keeping the earlier value, when the index
    /// already held the same hypothesis.
    @discardableResult
    package mutating func insert(_ point: ThetaPoint, _ value: Value) -> Bool {
        guard !contains(point) else { return false }
        if names == nil { names = point.conditions.keys.sorted() }
        cells[keys(point)[0], default: []].append((point, value))
        count += 1
        return true
    }
}

extension ThetaPointIndex where Value == Bool {
    /// A set of `points` (each stored with `true`).
    package init(_ points: some Sequence<ThetaPoint>) {
        self.init()
        for point in points { insert(point, true) }
    }

    /// Adds `point`; returns false when the set already held the same hypothesis.
    @discardableResult
    package mutating func insert(_ point: ThetaPoint) -> Bool { insert(point, true) }
}
