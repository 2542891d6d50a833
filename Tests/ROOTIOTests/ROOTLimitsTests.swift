import Foundation
import Testing
@testable import ROOTIO

/// ROOTLimits at the level of the parsers: declared counts that size nothing by themselves.
struct ROOTLimitsTests {
    /// fMaxBaskets of 2³¹−1 with the basket tables absent allocated 2³¹−1 entries per table on main.
    @Test func anAbsentBasketTableAllocatesNothing() throws {
        var r = ObjectReader(ByteCursor([0, 0], fileOffset: 0, file: "t.root"))
        let table = try TreeParser.array(&r, count: Int(Int32.max), used: 0, width: 8)
        #expect(table.isEmpty)
        #expect(throws: ROOTError.self) { try TreeParser.array(&r, count: Int(Int32.max), used: 3, width: 8) }
    }

    /// A present table keeps only the baskets written; its declared length must fit the record.
    @Test func aBasketTableKeepsTheWrittenEntries() throws {
        let bytes: [UInt8] = [1] + [0, 0, 0, 7] + [0, 0, 0, 9] + [0, 0, 0, 0]
        var r = ObjectReader(ByteCursor(bytes, fileOffset: 0, file: "t.root"))
        #expect(try TreeParser.array(&r, count: 3, used: 2, width: 4) == [7, 9])
        #expect(r.c.remaining == 0)
        var long = ObjectReader(ByteCursor([1, 0, 0, 0, 1], fileOffset: 0, file: "t.root"))
        #expect(throws: ROOTError.self) { try TreeParser.array(&long, count: Int(Int32.max), used: 1, width: 4) }
    }

    /// A block claiming more than 32,768 bytes per compressed byte is refused before its codec runs.
    @Test func aBlockBeyondTheMaximumRatioIsRefused() throws {
        // "ZS" block: 1 compressed byte claiming 0xFFFFFF uncompressed.
        let block: [UInt8] = [90, 83, 1, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0]
        var out = [UInt8](repeating: 0, count: 0xFF_FFFF)
        let error = #expect(throws: ROOTError.self) {
            try block.withUnsafeBytes { input in
                try out.withUnsafeMutableBytes { o in
                    try ROOTDecompressor.decompress(
                        input, into: o.baseAddress!, outputCount: o.count, file: "t.root", fileOffset: 0)
                }
            }
        }
        #expect(error?.kind == .corrupt)
        #expect(error?.message.contains("at most 32768:1") == true)
    }

    @Test func theRatioCoversEveryCodecsOwnCeiling() {
        // deflate ~1032:1, LZ4 ~255:1, LZMA ~8000:1, Zstandard RLE 4 bytes per 128 KiB.
        #expect(ROOTLimits.maxCompressionRatio >= (128 << 10) / 4)
        #expect(ROOTLimits.maxExpansion(of: 10) == 327_680)
        #expect(ROOTLimits.maxExpansion(of: Int.max) == Int.max)
        #expect(ROOTLimits.maxExpansion(of: -5) == 0)
    }
}
