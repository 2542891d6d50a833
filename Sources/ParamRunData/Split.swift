import ParamRunSupport

/// Which events of a dataset a stage takes.
public enum DataPart: String, Codable, Hashable, Sendable, CaseIterable {
    case all, train, validation, test
}

/// Train, validation and test splits stratified by label and θ.
///
/// Each (label, θ) group is shuffled with its own seeded stream and cut by the fractions, so
/// every mass keeps its signal-to-background mix in every part, and a seed always gives the
/// same parts. Within a part, events keep their original order.
public enum Split {
    /// The row indices of each part.
    public static func indices(
        of table: EventTable, validationFraction: Double, testFraction: Double,
        seed: UInt64
    ) throws -> (train: [Int], validation: [Int], test: [Int]) {
        guard validationFraction >= 0, testFraction >= 0, validationFraction + testFraction <= 1 else {
            throw DataError(
                .invalidRequest(
                    "split fractions must be ≥ 0 and sum to at most 1 (validation \(validationFraction), "
                        + "test \(testFraction))"
                ))
        }
        var groups = [GroupKey: [Int]]()
        for i in 0..<table.count {
            groups[GroupKey(label: table.labels[i], theta: table.theta[i]), default: []].append(i)
        }
        var train = [Int](), validation = [Int](), test = [Int]()
        for key in groups.keys.sorted() {
            var rows = groups[key]!
            var rng = SeededGenerator(seed: seed, stream: "split/\(key.label)/\(key.theta)")
            rows.shuffle(using: &rng)
            let nTest = Int((Double(rows.count) * testFraction).rounded())
            let nValidation = min(rows.count - nTest, Int((Double(rows.count) * validationFraction).rounded()))
            test += rows[0..<nTest]
            validation += rows[nTest..<(nTest + nValidation)]
            train += rows[(nTest + nValidation)...]
        }
        return (train.sorted(), validation.sorted(), test.sorted())
    }

    /// The three parts as tables.
    public static func split(
        _ table: EventTable, validationFraction: Double, testFraction: Double,
        seed: UInt64
    ) throws -> (train: EventTable, validation: EventTable, test: EventTable) {
        let parts = try indices(
            of: table, validationFraction: validationFraction, testFraction: testFraction, seed: seed)
        return (table.rows(parts.train), table.rows(parts.validation), table.rows(parts.test))
    }

    /// One part (``DataPart/all`` is the whole table).
    public static func part(
        _ part: DataPart, of table: EventTable, validationFraction: Double, testFraction: Double,
        seed: UInt64
    ) throws -> EventTable {
        if part == .all { return table }
        let parts = try indices(
            of: table, validationFraction: validationFraction, testFraction: testFraction, seed: seed)
        switch part {
        case .train: return table.rows(parts.train)
        case .validation: return table.rows(parts.validation)
        case .test: return table.rows(parts.test)
        case .all: return table
        }
    }

    struct GroupKey: Hashable, Comparable {
        var label: Float
        var theta: Float
        static func < (a: GroupKey, b: GroupKey) -> Bool {
            (a.label, a.theta) < (b.label, b.theta)
        }
    }
}
