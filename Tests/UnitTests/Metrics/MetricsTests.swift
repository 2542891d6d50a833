@testable import ParamRunMetrics
@testable import ParamRunSupport
import Testing

@Suite struct MetricsTests {
    @Test func aHandCountedCaseWithTies() throws {
        // Signal 0.9, 0.5, 0.5; background 0.5, 0.1. Pairs won: (0.9 beats both) 2, each 0.5 signal
        // ties one and beats one: 1.5 + 1.5. AUC = 5/6.
        let result = try Metrics.auc(scores: [0.5, 0.9, 0.1, 0.5, 0.5], labels: [1, 1, 0, 0, 1])
        #expect(result.auc == 5.0 / 6.0)
        #expect(result.nSignal == 3 && result.nBackground == 2)
        // DeLong by hand: signal components 1, 3/4, 3/4 (sample variance 1/48); background
        // components 2/3, 1 (sample variance 1/18).
        let variance = (1.0 / 48) / 3 + (1.0 / 18) / 2
        #expect(abs(try #require(result.standardError) - variance.squareRoot()) < 1e-15)

        let roc = try Metrics.roc(scores: [0.5, 0.9, 0.1, 0.5, 0.5], labels: [1, 1, 0, 0, 1])
        #expect(roc.thresholds == [.infinity, 0.9, 0.5, 0.1])
        #expect(roc.signalEfficiency == [0, 1.0 / 3, 1, 1])
        #expect(roc.backgroundEfficiency == [0, 0, 0.5, 1])
    }

    @Test func skippingTheStandardErrorKeepsTheArea() throws {
        let scores: [Float] = (0..<500).map { Float(($0 * 7919) % 101) / 100 }
        let labels: [Float] = (0..<500).map { Float(($0 * 31) % 3 == 0 ? 1 : 0) }
        let full = try Metrics.auc(scores: scores, labels: labels)
        let bare = try Metrics.auc(scores: scores, labels: labels, standardError: false)
        #expect(bare.auc == full.auc)
        #expect(bare.standardError == nil)
        #expect(full.standardError != nil)
    }

    @Test func aSingleEventClassHasNoStandardError() throws {
        let result = try Metrics.auc(scores: [0.2, 0.4, 0.9], labels: [0, 0, 1])
        #expect(result.auc == 1)
        #expect(result.standardError == nil)
    }

    @Test func aucEqualsTheAreaUnderTheROC() throws {
        var rng = SeededGenerator(seed: 21)
        let scores: [Float] = (0..<3000).map { _ in Float(Int.random(in: -50...50, using: &rng)) / 10 }
        let labels: [Float] = (0..<3000).map { _ in Bool.random(using: &rng) ? 1 : 0 }
        let auc = try Metrics.auc(scores: scores, labels: labels).auc
        let roc = try Metrics.roc(scores: scores, labels: labels)
        #expect(abs(auc - roc.area) < 1e-12)
        // Unit weights take the other (weighted) path to the same curve.
        let weighted = try Metrics.roc(scores: scores, labels: labels, weights: Array(repeating: 1, count: 3000))
        #expect(weighted == roc)
    }

    @Test func errorsNameWhereTheyCameFrom() {
        #expect(throws: MetricsError.nanScore(index: 2)) {
            try Metrics.auc(scores: [0.1, 0.2, .nan], labels: [0, 1, 0])
        }
        #expect(throws: MetricsError.nanScore(index: 1)) {
            try Metrics.roc(scores: [0.1, .nan], labels: [0, 1], weights: [1, 1])
        }
        #expect(throws: MetricsError.lengthMismatch(scores: 3, other: "labels", count: 2)) {
            try Metrics.roc(scores: [0.1, 0.2, 0.3], labels: [0, 1])
        }
        #expect(throws: MetricsError.lengthMismatch(scores: 2, other: "weights", count: 1)) {
            try Metrics.roc(scores: [0.1, 0.2], labels: [0, 1], weights: [1])
        }
        #expect(throws: MetricsError.invalidLabel(index: 1, value: 2)) {
            try Metrics.auc(scores: [0.1, 0.2], labels: [0, 2])
        }
        #expect(throws: MetricsError.invalidLabel(index: 0, value: 0.5)) {
            try Metrics.roc(scores: [0.1, 0.2], labels: [0.5, 1], weights: [1, 1])
        }
        #expect(throws: MetricsError.invalidWeight(index: 1, value: -1)) {
            try Metrics.roc(scores: [0.1, 0.2], labels: [0, 1], weights: [1, -1])
        }
        #expect(throws: MetricsError.emptyClass(label: 1)) {
            try Metrics.auc(scores: [0.1, 0.2], labels: [0, 0])
        }
        #expect(throws: MetricsError.emptyClass(label: 0)) {
            try Metrics.roc(scores: [0.1, 0.2], labels: [1, 1])
        }
        #expect(throws: MetricsError.emptyClass(label: 0)) {
            try Metrics.roc(scores: [0.1, 0.2], labels: [1, 0], weights: [1, 0])
        }
        #expect(throws: MetricsError.emptyClass(label: 1)) {
            try Metrics.auc(scores: [], labels: [])
        }
        #expect(MetricsError.nanScore(index: 7).description == "score 7 is NaN")
    }

    @Test func efficiencyTakesTheTopOfAVerticalStepAndInterpolatesElsewhere() {
        let roc = ROCCurve(
            thresholds: [.infinity, 3, 2, 1],
            signalEfficiency: [0, 0.4, 0.6, 1],
            backgroundEfficiency: [0, 0, 0.5, 1])
        #expect(Metrics.signalEfficiency(at: 0, on: roc) == 0.4)
        #expect(Metrics.signalEfficiency(at: 0.25, on: roc) == 0.5)
        #expect(Metrics.signalEfficiency(at: 0.5, on: roc) == 0.6)
        #expect(Metrics.signalEfficiency(at: 0.75, on: roc) == 0.8)
        #expect(Metrics.signalEfficiency(at: 1, on: roc) == 1)
        let expected = [0.44, 0.404, 0.4004]
        for (ours, hand) in zip(Metrics.signalEfficiencies(on: roc), expected) { #expect(abs(ours - hand) < 1e-15) }
    }
}

@Suite struct DeLongPairwiseTests {
    /// The rank-based walk against DeLong's definition, pair by pair, on fresh random tied scores.
    @Test(arguments: [(400, 700, 20), (900, 300, 3), (500, 500, 100_000)])
    func rankWalkEqualsThePairwiseDefinition(nSignal: Int, nBackground: Int, levels: Int) throws {
        var rng = SeededGenerator(seed: 22)
        let signal = (0..<nSignal).map { _ in
            Float(Int.random(in: 0...levels, using: &rng) - levels / 3) / Float(levels)
        }
        let background = (0..<nBackground).map { _ in
            Float(Int.random(in: 0...levels, using: &rng) - levels / 2) / Float(levels)
        }
        var v10 = [Double](repeating: 0, count: nSignal), v01 = [Double](repeating: 0, count: nBackground)
        for (i, s) in signal.enumerated() {
            for (j, b) in background.enumerated() {
                let psi = s > b ? 1.0 : (s == b ? 0.5 : 0)
                v10[i] += psi / Double(nBackground)
                v01[j] += psi / Double(nSignal)
            }
        }
        let auc = v10.reduce(0, +) / Double(nSignal)
        func sampleVariance(_ v: [Double]) -> Double {
            v.map { ($0 - auc) * ($0 - auc) }.reduce(0, +) / Double(v.count - 1)
        }
        let variance = sampleVariance(v10) / Double(nSignal) + sampleVariance(v01) / Double(nBackground)

        // Interleave the classes so that the split is exercised too.
        var scores: [Float] = [], labels: [Float] = []
        for k in 0..<max(nSignal, nBackground) {
            if k < nSignal { scores.append(signal[k]); labels.append(1) }
            if k < nBackground { scores.append(background[k]); labels.append(0) }
        }
        let result = try Metrics.auc(scores: scores, labels: labels)
        #expect(abs(result.auc - auc) < 1e-12)
        let se = try #require(result.standardError)
        #expect(abs(se * se - variance) < 1e-12 * variance)
    }
}
