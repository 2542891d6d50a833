import Foundation
@testable import ParamRunData
import ParamRunSupport
import Testing

/// How a network's training background gets its mass θ: sample, copy and equalize.
@Suite struct BackgroundStrategyTests {
    /// Signal at masses 1, 2, 3 under jes 0 and 0.1 (uneven counts), background under each jes,
    /// with θ drawn from all the masses; seeded.
    static func table() -> EventTable {
        var rng = SeededGenerator(seed: 5)
        var table = EventTable(featureNames: ["x", "jes"])
        for jes in [0.0, 0.1] {
            var part = EventTable(featureNames: ["x"])
            for (mass, count) in [(1.0, 40), (2.0, 55), (3.0, 70)] {
                part.append(
                    EventTable(
                        featureNames: ["x"], features: (0..<count).map { _ in Float(rng.nextUniform()) },
                        labels: [Float](repeating: 1, count: count),
                        theta: [Float](repeating: Float(mass), count: count)))
            }
            let nb = jes == 0 ? 300 : 260
            part.append(
                EventTable(
                    featureNames: ["x"], features: (0..<nb).map { _ in Float(rng.nextUniform()) },
                    labels: [Float](repeating: 0, count: nb),
                    theta: (0..<nb).map { _ in Float(1 + rng.nextIndex(below: 3)) }))
            table.append(part.appendingCondition("jes", value: jes))
        }
        return table
    }

    /// Training at masses 1 and 3 (2 held out) under both JES values.
    static let points = [0.0, 0.1].flatMap { jes in [1.0, 3.0].map { ThetaPoint(mass: $0, conditions: ["jes": jes]) } }

    func sums(_ s: TrainingSelection, _ table: EventTable) -> (signal: [Double], background: [Double]) {
        var signal = [Double](repeating: 0, count: Self.points.count), background = signal
        for (k, row) in s.rows.enumerated() {
            let w = s.weights?[k] ?? 1
            if table.labels[row] == 1 { signal[s.point[k]] += w } else { background[s.point[k]] += w }
        }
        return (signal, background)
    }

    @Test func sampleGivesHeldOutBackgroundATrainingMassOfItsOwnJES() throws {
        let table = Self.table()
        let s = try BackgroundStrategy.sample.select(table, points: Self.points, seed: 9)
        #expect(s.weights == nil)
        let columns = table.conditionColumns
        for (k, row) in s.rows.enumerated() {
            #expect(s.theta[k] == 1 || s.theta[k] == 3)
            // Each event's point has the event's own JES.
            #expect(table.matches(row: row, conditions: Self.points[s.point[k]].conditions, columns: columns))
            if table.labels[row] == 1 { #expect(Double(table.theta[row]) == s.theta[k]) }
        }
        // Every background event once; signal at mass 2 left out.
        #expect(s.rows.filter { table.labels[$0] == 0 }.count == 560)
        #expect(s.rows.filter { table.labels[$0] == 1 }.count == 2 * (40 + 70))
    }

    @Test func copyKeepsEachBackgroundEventsTotalWeight() throws {
        let table = Self.table()
        let s = try BackgroundStrategy.copy.select(table, points: Self.points, seed: 9)
        let weights = try #require(s.weights)
        #expect(s.rows.filter { table.labels[$0] == 0 }.count == 2 * 560)
        var perEvent: [Int: Double] = [:]
        for (k, row) in s.rows.enumerated() where table.labels[row] == 0 { perEvent[row, default: 0] += weights[k] }
        #expect(perEvent.count == 560)
        #expect(perEvent.values.allSatisfy { abs($0 - 1) < 1e-9 })
        let (_, background) = sums(s, table)
        #expect(abs(background.reduce(0, +) - 560) < 1e-9)
        // Each JES value's background splits evenly between its two masses.
        #expect(abs(background[0] - 150) < 1e-9 && abs(background[1] - 150) < 1e-9)
        #expect(abs(background[2] - 130) < 1e-9 && abs(background[3] - 130) < 1e-9)
    }

    @Test func equalizeGivesEveryPointTheSameSignalAndBackgroundWeight() throws {
        let table = Self.table()
        let s = try BackgroundStrategy.equalize.select(table, points: Self.points, seed: 9)
        let (signal, background) = sums(s, table)
        let totalSignal = 2.0 * (40 + 70), totalBackground = 560.0
        for p in Self.points.indices {
            #expect(abs(signal[p] - totalSignal / 4) < 1e-9, "signal at point \(p): \(signal[p])")
            #expect(abs(background[p] - totalBackground / 4) < 1e-9, "background at point \(p): \(background[p])")
        }
        // The table's float32 weights carry the same sums to float precision.
        let applied = s.apply(to: table)
        let stored = applied.weights!.map(Double.init).reduce(0, +)
        #expect(abs(stored - (totalSignal + totalBackground)) < 1e-5 * stored)
    }

    @Test func aFixedSeedGivesTheSameBitsAndAnotherSeedOtherDraws() throws {
        let table = Self.table()
        for strategy in BackgroundStrategy.allCases {
            let a = try strategy.select(table, points: Self.points, seed: 9).apply(to: table)
            let b = try strategy.select(table, points: Self.points, seed: 9).apply(to: table)
            #expect(a == b)
            #expect(a.theta.map(\.bitPattern) == b.theta.map(\.bitPattern))
            #expect(a.weights?.map(\.bitPattern) == b.weights?.map(\.bitPattern))
        }
        let a = try BackgroundStrategy.sample.select(table, points: Self.points, seed: 9)
        let c = try BackgroundStrategy.sample.select(table, points: Self.points, seed: 10)
        #expect(a.theta != c.theta)
    }

    @Test func sampleOnAMassOnlyTableIsTheOneDimensionalRule() throws {
        // The rule the scale stage had before θ had conditions: keep background at a training mass,
        // redraw the rest from the training masses with one generator seeded by the stage.
        var table = Self.table()
        table = try table.selecting(.names(["x"]))
        table.parameterNames = []
        let masses = [1.0, 3.0]
        let s = try BackgroundStrategy.sample.select(table, points: masses.map { ThetaPoint(mass: $0) }, seed: 4)
        var generator = SeededGenerator(seed: 4)
        var expected: [Float] = []
        for i in 0..<table.count where table.labels[i] == 0 || masses.contains(Double(table.theta[i])) {
            if table.labels[i] == 0, !masses.contains(Double(table.theta[i])) {
                expected.append(Float(masses[generator.nextIndex(below: masses.count)]))
            } else {
                expected.append(table.theta[i])
            }
        }
        #expect(s.apply(to: table).theta == expected)
    }

    @Test func noSignalAtThePointsIsAnError() {
        #expect(throws: DataError.self) {
            try BackgroundStrategy.sample.select(
                Self.table(), points: [ThetaPoint(mass: 7, conditions: ["jes": 0])], seed: 1)
        }
    }
}
