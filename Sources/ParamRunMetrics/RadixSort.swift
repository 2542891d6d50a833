/// Stable LSD radix sort on a 32-bit key held in `T` at bit `shift`.
///
/// Ranking 10^7 scores is the whole cost of an AUC; three 11-bit passes touch each key
/// six times at most, against ~23 compare-and-move levels for a comparison sort.
enum RadixSort {
    static let digitBits = 11
    static let passes = 3
    static let radix = 1 << digitBits

    /// Sorts `keys` using `scratch` (same count) as the other buffer.
    /// Returns true when the sorted result ended up in `scratch` rather than `keys`.
    static func sort<T: FixedWidthInteger & UnsignedInteger>(
        _ keys: UnsafeMutableBufferPointer<T>, scratch: UnsafeMutableBufferPointer<T>, shift: Int
    ) -> Bool {
        let n = keys.count
        precondition(scratch.count >= n)
        if n < 2 { return false }
        let mask = T(radix - 1)
        // One read fills all three histograms.
        var counts = [Int](repeating: 0, count: radix * passes)
        counts.withUnsafeMutableBufferPointer { c in
            for x in keys {
                let k = x >> shift
                c[Int(truncatingIfNeeded: k & mask)] &+= 1
                c[radix + Int(truncatingIfNeeded: (k >> digitBits) & mask)] &+= 1
                c[2 * radix + Int(truncatingIfNeeded: (k >> (2 * digitBits)) & mask)] &+= 1
            }
        }
        var source = keys
        var target = scratch
        var inScratch = false
        var offsets = [Int](repeating: 0, count: radix)
        for pass in 0..<passes {
            let base = pass * radix
            // A digit every key shares (e.g. the exponent bits of scores in (0, 1)) would only copy.
            if counts[base + Int(truncatingIfNeeded: (source[0] >> (shift + pass * digitBits)) & mask)] == n {
                continue
            }
            var running = 0
            for d in 0..<radix {
                offsets[d] = running
                running += counts[base + d]
            }
            let digitShift = shift + pass * digitBits
            offsets.withUnsafeMutableBufferPointer { o in
                for x in source {
                    let d = Int(truncatingIfNeeded: (x >> digitShift) & mask)
                    target[o[d]] = x
                    o[d] &+= 1
                }
            }
            swap(&source, &target)
            inScratch.toggle()
        }
        return inScratch
    }
}
