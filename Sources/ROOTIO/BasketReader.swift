import Dispatch
import Foundation
import Synchronization

/// Decodes one flat branch: each basket is read with one positioned read, decompressed straight into its slice
/// of the output, and the whole column is byte-swapped from big-endian in one pass at the end.
struct BasketReader {
    let layout: BranchLayout
    let type: ROOTDataType
    let source: ROOTFileReader

    struct Slot {
        let index: Int
        let firstEntry: Int
        let entries: Int
    }

    func column() throws -> ROOTColumn {
        switch type {
        case .bool:
            let raw: [UInt8] = try values()
            return .bool(raw.map { $0 != 0 })
        case .int8: return .int8(try values())
        case .uint8: return .uint8(try values())
        case .int16: return .int16(try values())
        case .uint16: return .uint16(try values())
        case .int32: return .int32(try values())
        case .uint32: return .uint32(try values())
        case .int64: return .int64(try values())
        case .uint64: return .uint64(try values())
        case .float: return .float(try values())
        case .double: return .double(try values())
        }
    }

    /// The entry range of every on-disk basket, checked to tile `[0, entries)` together with the embedded ones.
    static func slots(of layout: BranchLayout, file: String) throws -> [Slot] {
        func corrupt(_ message: String) -> ROOTError {
            ROOTError(.corrupt, file: file, branch: layout.info.name, message)
        }
        let total = layout.info.entries
        let embeddedEntries = layout.embedded.reduce(0) { $0 + $1.entries }
        let onDisk = total - embeddedEntries
        guard onDisk >= 0 else { throw corrupt("embedded baskets hold more entries than the branch") }
        var out: [Slot] = []
        out.reserveCapacity(layout.writeBasket)
        var next = 0
        for i in 0..<layout.writeBasket {
            let first = layout.basketEntry[i]
            let last = i + 1 < layout.writeBasket ? layout.basketEntry[i + 1] : onDisk
            guard first == next, last >= first, last <= onDisk else {
                throw corrupt(
                    "basket \(i) covers entries \(first)..<\(last), expected to start at \(next) and end by \(onDisk)")
            }
            out.append(Slot(index: i, firstEntry: first, entries: last - first))
            next = last
        }
        guard next == onDisk else { throw corrupt("baskets hold \(next) entries, the branch \(onDisk) on disk") }
        return out
    }

    private func corrupt(_ message: String, offset: Int? = nil) -> ROOTError {
        ROOTError(.corrupt, file: source.path, branch: layout.info.name, offset: offset, message)
    }

    private func values<T>() throws -> [T] {
        precondition(MemoryLayout<T>.size == type.size)
        let total = layout.info.entries
        let size = type.size
        guard total <= Int.max / size / 2 else { throw corrupt("absurd entry count \(total)") }
        let slots = try Self.slots(of: layout, file: source.path)
        // A column the process cannot hold is an error naming its size, not an abort in the allocator.
        guard let probe = malloc(max(1, total * size)) else {
            throw ROOTError(
                .io, file: source.path, branch: layout.info.name,
                "cannot allocate \(total * size) bytes for \(total) entries")
        }
        free(probe)
        return try [T](unsafeUninitializedCapacity: total) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            let failure = FirstError()
            // Baskets are independent, so they are read and decompressed in parallel.
            let base = UnsafeSendable(out)
            DispatchQueue.concurrentPerform(iterations: slots.count) { k in
                if failure.error != nil { return }
                do {
                    try fill(slot: slots[k], into: base.value, size: size)
                } catch {
                    failure.set(error)
                }
            }
            if let error = failure.error { throw error }
            var at = layout.writeBasket > 0 ? (slots.last.map { ($0.firstEntry + $0.entries) * size } ?? 0) : 0
            for e in layout.embedded {
                guard e.data.count == e.entries * size, at + e.data.count <= out.count else {
                    throw corrupt("embedded basket of \(e.entries) entries holds \(e.data.count) bytes")
                }
                e.data.withUnsafeBytes { src in
                    if let s = src.baseAddress, let d = out.baseAddress {
                        (d + at).copyMemory(from: s, byteCount: src.count)
                    }
                }
                at += e.data.count
            }
            Self.swapFromBigEndian(out, size: size)
            initialized = total
        }
    }

    private func fill(slot: Slot, into out: UnsafeMutableRawBufferPointer, size: Int) throws {
        let i = slot.index
        let seek = layout.basketSeek[i]
        let basket = try BasketHeader(basket: i, of: layout, in: source) { corrupt($0, offset: $1) }
        let key = basket.key, record = basket.record, nbytes = record.count
        let nev = basket.entries, border = basket.border
        let want = slot.entries * size
        // Beyond the data a basket holds at most its entry offsets and displacements (4 bytes an entry each).
        guard nev == slot.entries, border == want, key.objlen >= border, key.objlen - border <= 8 * (nev + 2) else {
            throw corrupt(
                "basket \(i) holds \(nev) entries in \(border) bytes; expected \(slot.entries) entries of \(size) "
                    + "bytes",
                offset: seek)
        }
        guard let outBase = out.baseAddress, slot.firstEntry * size + want <= out.count else {
            if want == 0 { return }
            throw corrupt("basket \(i) does not fit the column", offset: seek)
        }
        let dst = outBase + slot.firstEntry * size
        let stored = basket.stored
        guard key.objlen <= ROOTLimits.maxExpansion(of: stored) else {
            throw corrupt("basket \(i) claims \(key.objlen) bytes from \(stored) stored", offset: seek)
        }
        try record.withUnsafeBytes { rec in
            let payload = UnsafeRawBufferPointer(rebasing: rec[key.keylen..<nbytes])
            if stored == key.objlen {
                if want > 0, let p = payload.baseAddress { dst.copyMemory(from: p, byteCount: want) }
            } else if key.objlen == want {
                try ROOTDecompressor.decompress(
                    payload, into: dst, outputCount: want, file: source.path,
                    fileOffset: seek + key.keylen)
            } else {
                // Entry offsets follow the data; decompress all, keep the data part.
                var scratch = [UInt8](repeating: 0, count: key.objlen)
                try scratch.withUnsafeMutableBytes { s in
                    try ROOTDecompressor.decompress(
                        payload, into: s.baseAddress!, outputCount: key.objlen,
                        file: source.path, fileOffset: seek + key.keylen)
                    dst.copyMemory(from: s.baseAddress!, byteCount: want)
                }
            }
        }
    }

    static func swapFromBigEndian(_ out: UnsafeMutableRawBufferPointer, size: Int) {
        guard let base = out.baseAddress else { return }
        let n = out.count / size
        switch size {
        case 2:
            let p = base.assumingMemoryBound(to: UInt16.self)
            for i in 0..<n { p[i] = UInt16(bigEndian: p[i]) }
        case 4:
            let p = base.assumingMemoryBound(to: UInt32.self)
            for i in 0..<n { p[i] = UInt32(bigEndian: p[i]) }
        case 8:
            let p = base.assumingMemoryBound(to: UInt64.self)
            for i in 0..<n { p[i] = UInt64(bigEndian: p[i]) }
        default:
            break
        }
    }
}

/// Carries a pointer into `concurrentPerform`; each iteration writes a disjoint slice.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The first error thrown by any parallel basket.
private final class FirstError: Sendable {
    private let stored = Mutex<(any Error)?>(nil)
    var error: (any Error)? { stored.withLock { $0 } }
    func set(_ e: any Error) { stored.withLock { if $0 == nil { $0 = e } } }
}
