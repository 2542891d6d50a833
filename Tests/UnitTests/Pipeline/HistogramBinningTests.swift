import Foundation
@testable import ParamRunPipeline
import ParamRunStats
import ParamRunSupport
import Testing

/// The histogram stage fills shifted and observed scores into the nominal histogram's bins: the
/// nominal sample filled that way must give the histogram's own sums, merges included.
@Suite struct HistogramBinningTests {
    static func sample(_ n: Int, seed: UInt64, stream: String, power: Double) -> HistogramStage.Scored {
        var rng = SeededGenerator(seed: seed, stream: stream)
        var s = HistogramStage.Scored()
        for _ in 0..<n {
            s.scores.append(Foundation.pow(rng.nextUniform(), power))
            s.weights.append(0.5 + rng.nextUniform())
        }
        return s
    }

    @Test func theNominalSampleFilledIntoTheEdgesGivesTheHistogramsSums() throws {
        // Background piles up at 0 and signal towards 1, so the top bins have no background and merge.
        // A score of exactly 1 belongs to the last bin.
        var signal = Self.sample(400, seed: 11, stream: "signal", power: 0.2)
        signal.scores.append(1)
        signal.weights.append(2)
        var background = Self.sample(2000, seed: 11, stream: "background", power: 6)
        background.scores = background.scores.map { min($0, 0.7) }
        for strategy in [BinningStrategy.equal, .flatSignal, .quantile] {
            let h = try Histogram.build(
                signalScores: signal.scores, signalWeights: signal.weights,
                backgroundScores: background.scores, backgroundWeights: background.weights, bins: 10,
                strategy: strategy)
            #expect(h.binCount < 10 || strategy == .quantile, "\(strategy): the empty top bins merge")
            let s = HistogramStage.binned(signal, h.edges)
            let b = HistogramStage.binned(background, h.edges)
            #expect(zip(s, h.signalSumW).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(strategy)")
            #expect(zip(b, h.backgroundSumW).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(strategy)")
            #expect(s.count == h.binCount && b.count == h.binCount)
        }
    }

    @Test func aBinWhoseShiftedBackgroundIsEmptyMergesDownAndKeepsEverySum() throws {
        let h = Histogram(
            edges: [0, 0.5, 0.8, 0.9, 1], signalSumW: [1, 2, 3, 4], signalSumW2: [1, 2, 3, 4],
            backgroundSumW: [50, 20, 4, 1], backgroundSumW2: [5, 2, 0.4, 0.1], requestedBins: 4, strategy: .equal)
        let jes = HistFactoryWorkspace.ShapeSystematic(
            name: "jes", signalHi: [1, 2, 3, 4], signalLo: [1, 2, 3, 4], backgroundHi: [49, 20, 5, 1],
            backgroundLo: [51, 21, 3, 0])
        let (merged, shapes) = HistogramStage.merged(h, [jes])
        #expect(merged.edges == [0, 0.5, 0.8, 1])
        #expect(merged.backgroundSumW == [50, 20, 5] && merged.signalSumW == [1, 2, 7])
        #expect(shapes.first?.backgroundLo == [51, 21, 3] && shapes.first?.backgroundHi == [49, 20, 6])
        // Nothing to merge: the same histogram back.
        #expect(HistogramStage.merged(h, []).0 == h)
    }
}
