@testable import ParamRunMetrics
@testable import ParamRunSupport
import Testing

@Suite struct RadixSortTests {
    @Test func scoreKeysSortLikeTheScores() {
        var rng = SeededGenerator(seed: 11)
        var scores: [Float] = [
            -.infinity, .infinity, -0.0, 0.0, -.leastNonzeroMagnitude, .leastNonzeroMagnitude,
            -.greatestFiniteMagnitude, .greatestFiniteMagnitude, 1, -1
        ]
        scores += (0..<2000).map { _ in Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng)) }.filter {
            !$0.isNaN
        }
        for a in scores.prefix(200) {
            for b in scores.prefix(200) {
                #expect((ScoreKey.key(a) < ScoreKey.key(b)) == (a < b))
                #expect((ScoreKey.key(a) == ScoreKey.key(b)) == (a == b))
            }
        }
        for s in scores { #expect(ScoreKey.score(ScoreKey.key(s)) == s) }
        #expect(ScoreKey.score(ScoreKey.key(-0.0)).sign == .plus)
        #expect(scores.allSatisfy { ScoreKey.key($0) != 0 && ScoreKey.key($0) != ScoreKey.end })
    }

    @Test(arguments: [0, 1, 2, 17, 5000])
    func sortsPlainKeys(count: Int) {
        var rng = SeededGenerator(seed: 12)
        var keys: [UInt32] = (0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
        // Shared high digits exercise the skipped passes.
        if count > 100 { for i in 0..<count where i % 2 == 0 { keys[i] = 0x3F80_0000 | (keys[i] & 0xFFF) } }
        let expected = keys.sorted()
        var scratch = [UInt32](repeating: 0, count: count)
        let inScratch = keys.withUnsafeMutableBufferPointer { k in
            scratch.withUnsafeMutableBufferPointer { RadixSort.sort(k, scratch: $0, shift: 0) }
        }
        #expect((inScratch ? scratch : keys) == expected)
    }

    @Test func sortsPairsStablyByTheHighHalf() {
        var rng = SeededGenerator(seed: 13)
        var pairs: [UInt64] = (0..<4000).map { i in UInt64(UInt32.random(in: 0...50, using: &rng)) << 32 | UInt64(i) }
        // Stable order by key then original index is exactly the order of the whole 64-bit value here.
        let expected = pairs.sorted()
        var scratch = [UInt64](repeating: 0, count: pairs.count)
        let inScratch = pairs.withUnsafeMutableBufferPointer { k in
            scratch.withUnsafeMutableBufferPointer { RadixSort.sort(k, scratch: $0, shift: 32) }
        }
        #expect((inScratch ? scratch : pairs) == expected)
    }
}
