/// The values of one jagged branch (a counted array `T[n]`, a fixed-size array `T[N]` or a
/// `std::vector<T>` of a basic type): every entry's values back to back, and where each entry starts.
///
/// Entry `i` holds `values[offsets[i]..<offsets[i + 1]]`; `offsets` has `entries + 1` elements, starts at 0
/// and ends at `values.count`. An expression evaluator reads it as (offsets, ``valuesAsDouble``) or switches
/// on ``values`` for the typed array.
public struct ROOTJaggedColumn: Sendable, Equatable {
    /// Where each entry's values start in ``values``, plus the total: `entries + 1` non-decreasing numbers.
    public let offsets: [Int]
    /// Every entry's values, in entry order, in the branch's own element type.
    public let values: ROOTColumn

    /// A column from its offsets (`entries + 1`, from 0 to `values.count`, non-decreasing) and values.
    public init(offsets: [Int], values: ROOTColumn) {
        precondition(offsets.first == 0 && offsets.last == values.count, "offsets must span the values")
        self.offsets = offsets
        self.values = values
    }

    /// The number of entries (events).
    public var entries: Int { offsets.count - 1 }

    /// How many values entry `i` holds.
    public func count(at i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// The positions in ``values`` of entry `i`'s values.
    public func range(at i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    /// Every value widened to Double (exact except 64-bit integers beyond 2^53), indexed like ``values``.
    public var valuesAsDouble: [Double] { values.asDoubles }

    /// Entry `i` as text: its values in ``ROOTColumn/formattedValue(at:)``'s round-trip form, in brackets
    /// and separated by commas, e.g. `[1.5,2]`; `[]` for an empty entry.
    public func formattedEntry(at i: Int) -> String {
        "[" + range(at: i).map { values.formattedValue(at: $0) }.joined(separator: ",") + "]"
    }
}
