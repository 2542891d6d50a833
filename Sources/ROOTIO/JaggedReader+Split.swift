/// Splitting one basket's data into entries, by shape, with every length checked against the bytes there.
extension JaggedReader {
    /// A `std::vector<T>` entry starts with a byte count (flag 0x40000000), a class version and the size.
    static let vectorHeader = 10

    func split(_ p: Piece) throws -> Split {
        let size = element.size
        let at = p.seek
        let basket = p.index.map { "basket \($0)" } ?? "an embedded basket"
        if let offsets = p.offsets {
            guard offsets.count == p.entries + 1, offsets.first == 0, offsets.last == p.data.count,
                zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
            else {
                throw corrupt("\(basket): its entry offsets do not tile its \(p.data.count) data bytes", offset: at)
            }
        }
        switch shape {
        case .scalar:
            throw corrupt("a flat branch is not jagged")
        case .fixedArray(let n):
            // fLen is the file's own count, so the product is checked rather than trusted not to overflow.
            let perEntry = n.multipliedReportingOverflow(by: size)
            let all = p.entries.multipliedReportingOverflow(by: perEntry.partialValue)
            guard n > 0, !perEntry.overflow, !all.overflow, p.data.count == all.partialValue else {
                throw corrupt(
                    "\(basket) holds \(p.data.count) bytes for \(p.entries) entries of \(n) × \(size) bytes", offset: at
                )
            }
            return Split(counts: Array(repeating: n, count: p.entries), segments: [0..<p.data.count])
        case .counted(let counter):
            return try splitCounted(p, counter: counter, basket: basket)
        case .vector:
            return try splitVector(p, basket: basket)
        }
    }

    /// A counted array's data is its values back to back; each entry's count comes from its offsets when the
    /// basket has them, else from the counter branch, and the two must agree.
    private func splitCounted(_ p: Piece, counter: String, basket: String) throws -> Split {
        let size = element.size
        guard let counts, p.firstEntry + p.entries <= counts.count else {
            throw corrupt("the counter branch '\(counter)' has fewer entries than the array")
        }
        var out = [Int]()
        out.reserveCapacity(p.entries)
        var bytes = 0
        for e in 0..<p.entries {
            let declared = counts[p.firstEntry + e]
            let entry = p.firstEntry + e
            guard declared >= 0, declared <= (p.data.count - bytes) / size else {
                throw corrupt(
                    "entry \(entry): the counter '\(counter)' says \(declared) values, but only "
                        + "\((p.data.count - bytes) / size) remain in \(basket)", offset: p.seek)
            }
            if let offsets = p.offsets {
                let length = offsets[e + 1] - offsets[e]
                guard length == declared * size else {
                    throw corrupt(
                        "entry \(entry) holds \(length) bytes (\(length / size) values), but its counter "
                            + "'\(counter)' says \(declared)", offset: p.seek)
                }
            }
            bytes += declared * size
            out.append(declared)
        }
        guard bytes == p.data.count else {
            throw corrupt(
                "the counter '\(counter)' accounts for \(bytes / size) values, but \(basket) holds "
                    + "\(p.data.count / size)", offset: p.seek)
        }
        return Split(counts: out, segments: [0..<bytes])
    }

    /// Each vector entry is `[byte count][version][size][values]`, located by the basket's entry offsets.
    private func splitVector(_ p: Piece, basket: String) throws -> Split {
        guard let offsets = p.offsets else {
            if p.entries == 0 && p.data.isEmpty { return Split(counts: [], segments: []) }
            throw corrupt("\(basket) of a std::vector branch has no entry offsets", offset: p.seek)
        }
        let size = element.size
        var counts = [Int](), segments = [Range<Int>]()
        counts.reserveCapacity(p.entries)
        segments.reserveCapacity(p.entries)
        for e in 0..<p.entries {
            let start = offsets[e], length = offsets[e + 1] - start
            guard length >= Self.vectorHeader else {
                throw corrupt(
                    "entry \(p.firstEntry + e) holds \(length) bytes, less than a vector header", offset: p.seek)
            }
            let word = p.data.bigEndianInt(at: start, width: 4)
            let version = p.data.bigEndianInt(at: start + 4, width: 2)
            let n = p.data.bigEndianInt(at: start + 6, width: 4)
            guard version & 0x4000 == 0 else {
                throw ROOTError(
                    .unsupported, file: source.path, branch: layout.info.name, offset: p.seek,
                    "memberwise-streamed std::vector is not supported")
            }
            guard word & 0x4000_0000 != 0, word & 0x3FFF_FFFF == length - 4, n >= 0,
                n <= (length - Self.vectorHeader) / size, Self.vectorHeader + n * size == length
            else {
                throw corrupt(
                    "entry \(p.firstEntry + e): a vector of \(n) values of \(size) bytes in \(length) bytes "
                        + "(byte count \(word & 0x3FFF_FFFF))", offset: p.seek)
            }
            counts.append(n)
            segments.append(start + Self.vectorHeader..<start + length)
        }
        return Split(counts: counts, segments: segments)
    }
}

extension [UInt8] {
    /// The big-endian integer of `width` bytes at `i` (the caller has checked they lie in the array).
    func bigEndianInt(at i: Int, width: Int) -> Int {
        var v = 0
        for k in 0..<width { v = (v << 8) | Int(self[i + k]) }
        return v
    }
}
