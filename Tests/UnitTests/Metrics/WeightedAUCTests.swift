@testable import ParamRunMetrics
import ParamRunSupport
import Testing

@Suite struct WeightedAUCTests {
    /// Random tied scores with random weights, some zero.
    static func sample(seed: UInt64, count: Int, levels: Int) -> (scores: [Float], labels: [Float], weights: [Float]) {
        var rng = SeededGenerator(seed: seed)
        var scores: [Float] = [], labels: [Float] = [], weights: [Float] = []
        for _ in 0..<count {
            let label: Float = Bool.random(using: &rng) ? 1 : 0
            let level = Int.random(in: 0...levels, using: &rng) + (label == 1 ? levels / 4 : 0)
            scores.append(Float(level) / Float(levels))
            labels.append(label)
            weights.append(
                Int.random(in: 0..<10, using: &rng) == 0 ? 0 : Float(Double.random(in: 0.1...3, using: &rng)))
        }
        return (scores, labels, weights)
    }

    /// The area and the effective-count DeLong variance from their definitions, pair by pair.
    static func bruteForce(_ scores: [Float], _ labels: [Float], _ weights: [Float]) -> (auc: Double, variance: Double)
    {
        let signal = scores.indices.filter { labels[$0] == 1 && weights[$0] > 0 }
        let background = scores.indices.filter { labels[$0] == 0 && weights[$0] > 0 }
        let ws = signal.map { Double(weights[$0]) }.reduce(0, +),
            wb = background.map { Double(weights[$0]) }.reduce(0, +)
        var v10 = [Double](repeating: 0, count: signal.count), v01 = [Double](repeating: 0, count: background.count)
        for (a, i) in signal.enumerated() {
            for (b, j) in background.enumerated() {
                let psi = scores[i] > scores[j] ? 1.0 : (scores[i] == scores[j] ? 0.5 : 0)
                v10[a] += psi * Double(weights[j]) / wb
                v01[b] += psi * Double(weights[i]) / ws
            }
        }
        let auc = zip(signal, v10).map { Double(weights[$0]) * $1 }.reduce(0, +) / ws
        func term(_ events: [Int], _ v: [Double], _ total: Double) -> Double {
            let w = events.map { Double(weights[$0]) }
            let n = total * total / w.map { $0 * $0 }.reduce(0, +)
            let s = zip(w, v).map { $0 * ($1 - auc) * ($1 - auc) }.reduce(0, +) / total * n / (n - 1)
            return s / n
        }
        return (auc, term(signal, v10, ws) + term(background, v01, wb))
    }

    @Test(arguments: [(1, 600, 15), (2, 900, 4), (3, 400, 100_000)])
    func equalsThePairwiseDefinition(seed: UInt64, count: Int, levels: Int) throws {
        let (scores, labels, weights) = Self.sample(seed: seed, count: count, levels: levels)
        let expected = Self.bruteForce(scores, labels, weights)
        let result = try Metrics.auc(scores: scores, labels: labels, weights: weights)
        #expect(abs(result.auc - expected.auc) < 1e-12)
        let se = try #require(result.standardError)
        #expect(abs(se * se - expected.variance) < 1e-9 * expected.variance)
        #expect(result.nSignal + result.nBackground == weights.filter { $0 > 0 }.count)
        // The trapezoids of the weighted ROC credit tied pairs with ½ too.
        let roc = try Metrics.roc(scores: scores, labels: labels, weights: weights)
        #expect(abs(roc.area - result.auc) < 1e-12)
    }

    @Test func unitWeightsGiveTheUnweightedResult() throws {
        let (scores, labels, _) = Self.sample(seed: 4, count: 2000, levels: 30)
        let plain = try Metrics.auc(scores: scores, labels: labels)
        let weighted = try Metrics.auc(
            scores: scores, labels: labels, weights: Array(repeating: 1, count: scores.count))
        #expect(abs(plain.auc - weighted.auc) < 1e-14)
        #expect(abs(try #require(plain.standardError) - (try #require(weighted.standardError))) < 1e-14)
        #expect(plain.nSignal == weighted.nSignal && plain.nBackground == weighted.nBackground)
    }

    @Test func anIntegerWeightAreasLikeRepeatedEvents() throws {
        let scores: [Float] = [0.9, 0.5, 0.5, 0.1, 0.7]
        let labels: [Float] = [1, 1, 0, 0, 0]
        let weights: [Float] = [2, 1, 3, 1, 0]
        // Expanded: signal 0.9, 0.9, 0.5; background 0.5, 0.5, 0.5, 0.1.
        let expanded = try Metrics.auc(scores: [0.9, 0.9, 0.5, 0.5, 0.5, 0.5, 0.1], labels: [1, 1, 1, 0, 0, 0, 0])
        let weighted = try Metrics.auc(scores: scores, labels: labels, weights: weights)
        #expect(weighted.auc == expanded.auc)
        // 0.9 beats all 4 background weight, twice; 0.5 ties 3 and beats 1: (8 + 2.5) / (3 · 4).
        let byHand: Double = 10.5 / 12
        #expect(weighted.auc == byHand)
    }

    @Test func badInputNamesTheEvent() {
        #expect(throws: MetricsError.invalidWeight(index: 1, value: -1)) {
            try Metrics.auc(scores: [0.1, 0.2], labels: [0, 1], weights: [1, -1])
        }
        #expect(throws: MetricsError.emptyClass(label: 1)) {
            try Metrics.auc(scores: [0.1, 0.2], labels: [0, 1], weights: [1, 0])
        }
        #expect(throws: MetricsError.lengthMismatch(scores: 2, other: "weights", count: 1)) {
            try Metrics.auc(scores: [0.1, 0.2], labels: [0, 1], weights: [1])
        }
    }
}
