import Dispatch
import Foundation
import Synchronization

/// Decodes one jagged branch (a counted array, a fixed-size array or a `std::vector` of a basic type):
/// each basket's data is decompressed whole, split into entries by its entry offsets or, without them,
/// by the counter branch or the fixed length, and the values are gathered into one typed column.
struct JaggedReader {
    let layout: BranchLayout
    let element: ROOTDataType
    let shape: ROOTBranchShape
    /// The counter branch's values, for a counted array.
    let counts: [Int]?
    let source: ROOTFileReader

    /// One basket's data bytes and, when it carries them, where each entry starts (`entries + 1` offsets).
    struct Piece {
        var firstEntry: Int
        var entries: Int
        var data: [UInt8]
        var offsets: [Int]?
        var index: Int? = nil
        var seek: Int? = nil
    }

    /// One piece split into entries: each entry's value count, and the byte ranges of the values in `data`.
    struct Split {
        var counts: [Int]
        var segments: [Range<Int>]
    }

    func corrupt(_ message: String, offset: Int? = nil) -> ROOTError {
        ROOTError(.corrupt, file: source.path, branch: layout.info.name, offset: offset, message)
    }

    func column() throws -> ROOTJaggedColumn {
        let pieces = try readPieces()
        var splits: [Split] = []
        splits.reserveCapacity(pieces.count)
        for p in pieces { splits.append(try split(p)) }
        var offsets = [Int]()
        offsets.reserveCapacity(layout.info.entries + 1)
        offsets.append(0)
        var total = 0
        for s in splits {
            for n in s.counts {
                total += n
                offsets.append(total)
            }
        }
        guard offsets.count == layout.info.entries + 1 else {
            throw corrupt("baskets hold \(offsets.count - 1) entries, the branch \(layout.info.entries)")
        }
        let asDoubles = total.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        guard !asDoubles.overflow, asDoubles.partialValue <= ROOTLimits.maxColumnBytes else {
            throw corrupt("\(total) values exceed the column limit of \(ROOTLimits.maxColumnBytes) bytes as doubles")
        }
        let values = try ROOTColumn.gathering(element, count: total) { out in
            var at = 0
            for (p, s) in zip(pieces, splits) {
                try p.data.withUnsafeBytes { src in
                    for r in s.segments where !r.isEmpty {
                        guard at + r.count <= out.count else { throw corrupt("values overrun their column") }
                        (out.baseAddress! + at).copyMemory(from: src.baseAddress! + r.lowerBound, byteCount: r.count)
                        at += r.count
                    }
                }
            }
            guard at == total * element.size else {
                throw corrupt("values fill \(at) of \(total * element.size) bytes")
            }
        }
        return ROOTJaggedColumn(offsets: offsets, values: values)
    }

    /// The on-disk baskets, decompressed in parallel, then the embedded ones.
    private func readPieces() throws -> [Piece] {
        let slots = try BasketReader.slots(of: layout, file: source.path)
        let results = Mutex<[Int: Piece]>([:])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: slots.count) { k in
            if failure.withLock({ $0 != nil }) { return }
            do {
                let piece = try read(slot: slots[k])
                results.withLock { $0[k] = piece }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        var pieces = results.withLock { r in (0..<slots.count).compactMap { r[$0] } }
        var first = slots.last.map { $0.firstEntry + $0.entries } ?? 0
        for e in layout.embedded {
            pieces.append(Piece(firstEntry: first, entries: e.entries, data: e.data, offsets: e.offsets))
            first += e.entries
        }
        return pieces
    }

    /// Reads basket `slot`: its key, its TBasket fields, its decompressed data and its entry-offset table.
    private func read(slot: BasketReader.Slot) throws -> Piece {
        let i = slot.index
        let seek = layout.basketSeek[i]
        let basket = try BasketHeader(basket: i, of: layout, in: source) { corrupt($0, offset: $1) }
        let key = basket.key, record = basket.record, stored = basket.stored
        let nbytes = record.count, nev = basket.entries, border = basket.border
        guard nev == slot.entries, border >= 0, key.objlen >= border, key.objlen <= ROOTKey.maxObjectSize,
            key.objlen <= ROOTLimits.maxExpansion(of: stored)
        else {
            throw corrupt(
                "basket \(i) holds \(nev) entries in \(border) of \(key.objlen) bytes; expected \(slot.entries) "
                    + "entries from \(stored) stored bytes", offset: seek)
        }
        // Filled whole below: copied when stored raw, else decompressed to exactly objlen bytes.
        var raw = try [UInt8](unsafeUninitializedCapacity: key.objlen) { out, initialized in
            try record.withUnsafeBytes { rec in
                let payload = UnsafeRawBufferPointer(rebasing: rec[key.keylen..<nbytes])
                guard let d = out.baseAddress, key.objlen > 0 else { return }
                if stored == key.objlen {
                    if let p = payload.baseAddress { UnsafeMutableRawPointer(d).copyMemory(from: p, byteCount: stored) }
                } else {
                    try ROOTDecompressor.decompress(
                        payload, into: UnsafeMutableRawPointer(d), outputCount: key.objlen, file: source.path,
                        fileOffset: seek + key.keylen)
                }
            }
            initialized = key.objlen
        }
        var offsets: [Int]? = nil
        // A fixed-size array's entries all have one size, so any offset table it carries is not needed.
        var fixed = false
        if case .fixedArray = shape { fixed = true }
        if !fixed, key.objlen > border, nev > 0 {
            offsets = try entryOffsets(raw, border: border, entries: nev, keylen: key.keylen, basket: i, seek: seek)
        }
        raw.removeSubrange(border...)
        return Piece(firstEntry: slot.firstEntry, entries: nev, data: raw, offsets: offsets, index: i, seek: seek)
    }

    /// The table ROOT writes after a basket's data: a count, then each entry's start counted from the key.
    private func entryOffsets(
        _ raw: [UInt8], border: Int, entries: Int, keylen: Int, basket: Int, seek: Int
    ) throws -> [Int] {
        guard raw.count - border >= 4 else {
            throw corrupt("basket \(basket) has a truncated table of entry offsets", offset: seek)
        }
        let n = raw.bigEndianInt(at: border, width: 4)
        let signed = n >= 1 << 31 ? n - (1 << 32) : n
        guard signed >= entries, signed <= (raw.count - border - 4) / 4 else {
            throw corrupt("basket \(basket) has \(signed) entry offsets for \(entries) entries", offset: seek)
        }
        var out = [Int]()
        out.reserveCapacity(entries + 1)
        raw.withUnsafeBytes { b in
            let base = b.baseAddress! + border + 4
            for i in 0..<entries {
                let v = Int32(bigEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))
                out.append(Int(v) - keylen)
            }
        }
        out.append(border)
        return out
    }
}
