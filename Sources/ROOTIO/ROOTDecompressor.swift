import CLZ4
import CLZMA
import CXXHash
import CZlib
import CZstd

/// Expands ROOT's compressed records: a sequence of blocks, each with a 9-byte header
/// (2-byte algorithm tag, 1 method byte, 3-byte little-endian compressed and uncompressed sizes).
enum ROOTDecompressor {
    static let headerSize = 9
    /// ROOT caps one block at 2^24 - 1 bytes; this is what the 3-byte sizes can express.
    static let maxBlock = 0xFF_FFFF

    /// Decompresses all blocks of `input` into exactly `outputCount` bytes at `output`.
    /// `fileOffset` locates `input` in the file for error messages.
    static func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer, outputCount: Int,
        file: String, fileOffset: Int
    ) throws {
        var inPos = 0
        var outPos = 0
        while outPos < outputCount {
            let at = fileOffset + inPos
            guard input.count - inPos >= headerSize else {
                throw ROOTError(
                    .corrupt, file: file, offset: at,
                    "compressed record ends after \(outPos) of \(outputCount) bytes")
            }
            let h = input.baseAddress! + inPos // non-nil: count >= headerSize > 0
            let tag0 = h.load(fromByteOffset: 0, as: UInt8.self)
            let tag1 = h.load(fromByteOffset: 1, as: UInt8.self)
            func le3(_ o: Int) -> Int {
                Int(h.load(fromByteOffset: o, as: UInt8.self))
                    | Int(h.load(fromByteOffset: o + 1, as: UInt8.self)) << 8
                    | Int(h.load(fromByteOffset: o + 2, as: UInt8.self)) << 16
            }
            let c = le3(3)
            let u = le3(6)
            guard c <= input.count - inPos - headerSize else {
                throw ROOTError(
                    .corrupt, file: file, offset: at,
                    "block claims \(c) compressed bytes, only \(input.count - inPos - headerSize) remain")
            }
            guard u <= ROOTLimits.maxExpansion(of: c) else {
                throw ROOTError(
                    .corrupt, file: file, offset: at,
                    "block claims \(u) bytes from \(c) compressed (at most \(ROOTLimits.maxCompressionRatio):1)")
            }
            guard u > 0, u <= outputCount - outPos else {
                throw ROOTError(
                    .corrupt, file: file, offset: at,
                    "block claims \(u) uncompressed bytes, record has room for \(outputCount - outPos)")
            }
            let src = UnsafeRawBufferPointer(start: h + headerSize, count: c)
            let dst = output + outPos
            switch (tag0, tag1) {
            case (UInt8(ascii: "Z"), UInt8(ascii: "L")):
                try zlib(src, dst, u, file: file, at: at)
            case (UInt8(ascii: "L"), UInt8(ascii: "4")):
                try lz4(src, dst, u, file: file, at: at)
            case (UInt8(ascii: "Z"), UInt8(ascii: "S")):
                try zstd(src, dst, u, file: file, at: at)
            case (UInt8(ascii: "X"), UInt8(ascii: "Z")):
                try xz(src, dst, u, file: file, at: at)
            case (UInt8(ascii: "C"), UInt8(ascii: "S")):
                throw ROOTError(
                    .unsupported, file: file, offset: at,
                    "compression algorithm 'CS' (ROOT's pre-2003 own algorithm) is not supported")
            default:
                let tag = String(decoding: [tag0, tag1], as: UTF8.self)
                throw ROOTError(
                    .unsupported, file: file, offset: at,
                    "unknown compression block tag '\(tag)' (0x\(String(tag0, radix: 16)) 0x\(String(tag1, radix: 16)))"
                )
            }
            inPos += headerSize + c
            outPos += u
        }
        guard inPos == input.count else {
            throw ROOTError(
                .corrupt, file: file, offset: fileOffset + inPos,
                "\(input.count - inPos) bytes left over after the last compressed block")
        }
    }

    private static func zlib(
        _ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ u: Int,
        file: String, at: Int
    ) throws {
        var destLen = uLongf(u)
        let rc = uncompress(
            dst.assumingMemoryBound(to: Bytef.self), &destLen,
            src.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(src.count))
        guard rc == Z_OK, Int(destLen) == u else {
            throw ROOTError(
                .decompression, file: file, offset: at, "ZLIB block: zlib error \(rc), \(destLen) of \(u) bytes")
        }
    }

    private static func lz4(
        _ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ u: Int,
        file: String, at: Int
    ) throws {
        // ROOT prefixes each LZ4 block with the big-endian XXH64 (seed 0) of the compressed bytes after it.
        guard src.count >= 8, let base = src.baseAddress else {
            throw ROOTError(.corrupt, file: file, offset: at, "LZ4 block shorter than its 8-byte checksum")
        }
        var stored: UInt64 = 0
        for i in 0..<8 { stored = stored << 8 | UInt64(base.load(fromByteOffset: i, as: UInt8.self)) }
        let payload = base + 8
        let computed = XXH64(payload, src.count - 8, 0)
        guard computed == stored else {
            throw ROOTError(
                .decompression, file: file, offset: at,
                "LZ4 block checksum mismatch: stored xxhash64 \(hex(stored)), computed \(hex(computed))")
        }
        let n = LZ4_decompress_safe(
            payload.assumingMemoryBound(to: CChar.self), dst.assumingMemoryBound(to: CChar.self),
            Int32(src.count - 8), Int32(u))
        guard n == u else {
            throw ROOTError(
                .decompression, file: file, offset: at, "LZ4 block: liblz4 returned \(n), expected \(u) bytes")
        }
    }

    private static func zstd(
        _ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ u: Int,
        file: String, at: Int
    ) throws {
        let n = ZSTD_decompress(dst, u, src.baseAddress, src.count)
        if ZSTD_isError(n) != 0 {
            throw ROOTError(
                .decompression, file: file, offset: at, "ZSTD block: \(String(cString: ZSTD_getErrorName(n)))")
        }
        guard n == u else {
            throw ROOTError(.decompression, file: file, offset: at, "ZSTD block gave \(n) bytes, expected \(u)")
        }
    }

    private static func xz(
        _ src: UnsafeRawBufferPointer, _ dst: UnsafeMutableRawPointer, _ u: Int,
        file: String, at: Int
    ) throws {
        var memlimit = ROOTLimits.maxLZMADecoderMemory
        var inPos = 0
        var outPos = 0
        let rc = lzma_stream_buffer_decode(
            &memlimit, 0, nil,
            src.baseAddress?.assumingMemoryBound(to: UInt8.self), &inPos, src.count,
            dst.assumingMemoryBound(to: UInt8.self), &outPos, u)
        guard rc == LZMA_OK, outPos == u else {
            throw ROOTError(
                .decompression, file: file, offset: at,
                "LZMA block: liblzma error \(rc.rawValue), \(outPos) of \(u) bytes")
        }
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - s.count) + s
    }
}
