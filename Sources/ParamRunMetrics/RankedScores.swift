import Dispatch
import ParamRunSupport

/// Signal and background scores, validated and each sorted ascending as ``ScoreKey`` values.
///
/// Sorting the two classes apart keeps the label out of the sort key; one walk over both
/// lists then meets every distinct score once, with its signal and background counts.
struct RankedScores {
    var signal: [UInt32]
    var background: [UInt32]

    init(scores: [Float], labels: [Float]) throws {
        guard labels.count == scores.count else {
            throw MetricsError.lengthMismatch(scores: scores.count, other: "labels", count: labels.count)
        }
        let n = scores.count
        // One pass validates and splits; each class gets room for every event, and the pages
        // the other class would have used are never touched.
        var nSignal = 0, nBackground = 0
        var background: [UInt32] = []
        var signal = try [UInt32](unsafeUninitializedCapacity: n) { sig, signalCount in
            background = try [UInt32](unsafeUninitializedCapacity: n) { bkg, backgroundCount in
                try scores.withUnsafeBufferPointer { s in
                    try labels.withUnsafeBufferPointer { l in
                        for i in 0..<n {
                            let score = s[i], label = l[i]
                            if score.isNaN { throw MetricsError.nanScore(index: i) }
                            let key = ScoreKey.key(score)
                            if label == 1 {
                                sig[nSignal] = key; nSignal += 1
                            } else if label == 0 {
                                bkg[nBackground] = key; nBackground += 1
                            } else {
                                throw MetricsError.invalidLabel(index: i, value: label)
                            }
                        }
                    }
                }
                backgroundCount = nBackground
            }
            signalCount = nSignal
        }
        if nSignal == 0 { throw MetricsError.emptyClass(label: 1) }
        if nBackground == 0 { throw MetricsError.emptyClass(label: 0) }
        Self.sortConcurrently(&signal, &background)
        self.signal = signal
        self.background = background
    }

    /// The two classes are independent, so each gets a core.
    private static func sortConcurrently(_ a: inout [UInt32], _ b: inout [UInt32]) {
        var scratchA = [UInt32](unsafeUninitializedCapacity: a.count) { $1 = a.count }
        var scratchB = [UInt32](unsafeUninitializedCapacity: b.count) { $1 = b.count }
        var inScratch = [false, false]
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                scratchA.withUnsafeMutableBufferPointer { sa in
                    scratchB.withUnsafeMutableBufferPointer { sb in
                        inScratch.withUnsafeMutableBufferPointer { flags in
                            let parts = DisjointParts((jobs: [(a, sa), (b, sb)], flags: flags))
                            DispatchQueue.concurrentPerform(iterations: 2) { j in
                                let job = parts.value.jobs[j]
                                parts.value.flags[j] = RadixSort.sort(job.0, scratch: job.1, shift: 0)
                            }
                        }
                    }
                }
            }
        }
        // Taking the scratch array beats copying the result back.
        if inScratch[0] { swap(&a, &scratchA) }
        if inScratch[1] { swap(&b, &scratchB) }
    }
}
