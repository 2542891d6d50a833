/// The values of one column over a source's events: one number per event, or a list per event.
package enum EventColumn: Sendable, Equatable {
    /// One value per event.
    case scalar([Double])
    /// A list of values per event.
    case jagged(JaggedColumn)

    /// The number of events the column covers.
    package var eventCount: Int {
        switch self {
        case .scalar(let values): return values.count
        case .jagged(let column): return column.eventCount
        }
    }
}

/// A list of values per event, stored flat: event `e` holds `values[offsets[e]..<offsets[e + 1]]`.
///
/// Columns of one collection (`Jet_pt`, `Jet_eta`, counted by `nJet`) share their offsets.
package struct JaggedColumn: Sendable, Equatable {
    /// `eventCount + 1` non-decreasing starts, the first 0 and the last `values.count`.
    package var offsets: [Int]
    /// Every event's values, one after another.
    package var values: [Double]

    /// A column from its offsets and values; ``init(validating:values:)`` checks them.
    package init(offsets: [Int], values: [Double]) {
        self.offsets = offsets
        self.values = values
    }

    /// A column from offsets read from a file, refused unless they start at 0, never decrease and
    /// end at the number of values.
    package init(validating offsets: [Int], values: [Double]) throws(ExpressionError) {
        guard let first = offsets.first, first == 0, offsets.last == values.count else {
            throw ExpressionError(
                .evaluation, in: "", at: 1,
                "a collection's offsets must run from 0 to its \(values.count) values")
        }
        for e in 1..<offsets.count where offsets[e] < offsets[e - 1] {
            throw ExpressionError(.evaluation, in: "", at: 1, "a collection's offsets decrease at event \(e - 1)")
        }
        self.init(offsets: offsets, values: values)
    }

    /// A column from 32-bit offsets, as ROOT and RNTuple store them.
    package init(validating offsets: [Int32], values: [Double]) throws(ExpressionError) {
        try self.init(validating: offsets.map { Int($0) }, values: values)
    }

    /// The number of events.
    package var eventCount: Int { Swift.max(0, offsets.count - 1) }
}
