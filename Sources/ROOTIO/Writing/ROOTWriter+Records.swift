import CZlib

extension ROOTWriter {
    /// Where a record was written and its size on disk, header included.
    struct Record {
        let seek: Int
        let nbytes: Int
    }

    /// Where the top directory's fields that are only known at the end were left.
    struct TopDirectory {
        let nbytesName: Int
        let nbytesKeys: Int
        let seekKeys: Int
    }

    /// A TKey header with 64-bit pointers (key version 1004): fixed fields and three strings.
    static func keyLength(className: String, name: String, title: String) -> Int {
        4 + 2 + 4 + 4 + 2 + 2 + 8 + 8 + ROOTWriteBuffer.stringSize(className) + ROOTWriteBuffer.stringSize(name)
            + ROOTWriteBuffer.stringSize(title)
    }

    struct KeyFields {
        var nbytes: Int
        var objlen: Int
        var keylen: Int
        var cycle: Int
        var seek: Int
        var parent: Int
    }

    static func keyHeader(_ k: KeyFields, className: String, name: String, title: String) -> [UInt8] {
        var w = ROOTWriteBuffer()
        w.i32(k.nbytes)
        w.i16(1004)
        w.i32(k.objlen)
        w.u32(datime)
        w.i16(k.keylen)
        w.i16(k.cycle)
        w.i64(k.seek)
        w.i64(k.parent)
        w.string(className)
        w.string(name)
        w.string(title)
        return w.bytes
    }

    /// Appends a keyed record holding `payload` in the top directory; `compressed` asks for zlib where that makes it
    /// smaller (ROOT compresses objects, never its key lists or free segments).
    @discardableResult
    func writeRecord(
        _ out: inout ROOTWriteBuffer, className: String, name: String, title: String, payload: [UInt8], cycle: Int,
        compressed: Bool = false
    ) -> Record {
        let keylen = Self.keyLength(className: className, name: name, title: title)
        let stored = compressed ? compress(payload) ?? payload : payload
        let k = KeyFields(
            nbytes: keylen + stored.count, objlen: payload.count, keylen: keylen, cycle: cycle, seek: out.count,
            parent: Self.begin)
        out.append(Self.keyHeader(k, className: className, name: name, title: title))
        out.append(stored)
        return Record(seek: k.seek, nbytes: k.nbytes)
    }

    /// The top directory's key, name and TDirectory record at `begin`, with the key list's place left to patch.
    func writeTopDirectory(_ out: inout ROOTWriteBuffer, fileName: String) -> TopDirectory {
        let keylen = Self.keyLength(className: "TFile", name: fileName, title: "")
        let names = ROOTWriteBuffer.stringSize(fileName) + ROOTWriteBuffer.stringSize("")
        let directorySize = 2 + 4 + 4 + 4 + 4 + 8 + 8 + 8 + 2 + 16
        let k = KeyFields(
            nbytes: keylen + names + directorySize, objlen: names + directorySize, keylen: keylen, cycle: 1,
            seek: Self.begin, parent: 0)
        out.append(Self.keyHeader(k, className: "TFile", name: fileName, title: ""))
        out.string(fileName)
        out.string("")
        let start = out.count
        out.i16(5 + 1000) // TDirectory version 5, +1000 for 64-bit pointers
        out.u32(Self.datime)
        out.u32(Self.datime)
        out.i32(0) // fNbytesKeys, patched
        out.i32(keylen + names) // fNbytesName
        out.i64(Self.begin) // fSeekDir
        out.i64(0) // fSeekParent
        out.i64(0) // fSeekKeys, patched
        out.i16(1) // TUUID version
        out.zeros(16)
        return TopDirectory(nbytesName: keylen + names, nbytesKeys: start + 10, seekKeys: start + 34)
    }

    /// ROOT's compressed form of `raw`: blocks of at most 2^24 - 1 bytes, each a 9-byte header ("ZL", method 8,
    /// 3-byte little-endian compressed and uncompressed sizes) and a zlib stream; nil when it would not be smaller.
    func compress(_ raw: [UInt8]) -> [UInt8]? {
        guard compressionLevel > 0, !raw.isEmpty else { return nil }
        let block = ROOTDecompressor.maxBlock
        var out: [UInt8] = []
        var at = 0
        while at < raw.count {
            let n = min(block, raw.count - at)
            var bound = compressBound(uLong(n))
            var buffer = [UInt8](repeating: 0, count: Int(bound))
            let rc = raw.withUnsafeBufferPointer { src in
                compress2(&buffer, &bound, src.baseAddress! + at, uLong(n), Int32(compressionLevel))
            }
            // A block whose compressed size cannot be written in 3 bytes is stored raw as a whole record.
            guard rc == Z_OK, Int(bound) <= block else { return nil }
            out.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "L"), 8])
            for v in [Int(bound), n] { out.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16)]) }
            out.append(contentsOf: buffer[0..<Int(bound)])
            at += n
        }
        return out.count < raw.count ? out : nil
    }
}
