import Dispatch

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
        var nSignal = 0
        try scores.withUnsafeBufferPointer { s in
            try labels.withUnsafeBufferPointer { l in
                for i in 0..<n {
                    if s[i].isNaN { throw MetricsError.nanScore(index: i) }
                    let label = l[i]
                    if label == 1 { nSignal += 1 } else if label != 0 {
                        throw MetricsError.invalidLabel(index: i, value: label)
                    }
                }
            }
        }
        if nSignal == 0 { throw MetricsError.emptyClass(label: 1) }
        if nSignal == n { throw MetricsError.emptyClass(label: 0) }
        let nBackground = n - nSignal

        var signal = [UInt32](repeating: 0, count: nSignal)
        var background = [UInt32](repeating: 0, count: nBackground)
        scores.withUnsafeBufferPointer { s in
            labels.withUnsafeBufferPointer { l in
                signal.withUnsafeMutableBufferPointer { sig in
                    background.withUnsafeMutableBufferPointer { bkg in
                        var i1 = 0, i0 = 0
                        for i in 0..<n {
                            let key = ScoreKey.key(s[i])
                            if l[i] == 1 { sig[i1] = key; i1 += 1 } else { bkg[i0] = key; i0 += 1 }
                        }
                    }
                }
            }
        }
        Self.sortConcurrently(&signal, &background)
        self.signal = signal
        self.background = background
    }

    /// The two classes are independent, so each gets a core.
    private static func sortConcurrently(_ a: inout [UInt32], _ b: inout [UInt32]) {
        var scratchA = [UInt32](repeating: 0, count: a.count)
        var scratchB = [UInt32](repeating: 0, count: b.count)
        var inScratch = [false, false]
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                scratchA.withUnsafeMutableBufferPointer { sa in
                    scratchB.withUnsafeMutableBufferPointer { sb in
                        inScratch.withUnsafeMutableBufferPointer { flags in
                            let jobs = [(a, sa), (b, sb)]
                            DispatchQueue.concurrentPerform(iterations: 2) { j in
                                flags[j] = RadixSort.sort(jobs[j].0, scratch: jobs[j].1, shift: 0)
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
