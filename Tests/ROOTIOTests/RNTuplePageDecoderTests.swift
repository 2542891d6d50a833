import Testing
@testable import ROOTIO

/// Page encodings made by hand from the specification's definitions, decoded: no fixture here has more than
/// one page per column, so these pin the per-page transforms a multi-page column applies page by page.
struct RNTuplePageDecoderTests {
    /// Splits little-endian `values` of `width` bytes: every first byte, then every second byte, ….
    static func split(_ values: [UInt64], width: Int) -> [UInt8] {
        (0..<width).flatMap { b in values.map { UInt8(truncatingIfNeeded: $0 >> (8 * b)) } }
    }

    static func loadAll<T>(_ bytes: [UInt8], _: T.Type) -> [T] {
        bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / MemoryLayout<T>.size)).map {
                raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)
            }
        }
    }

    @Test func splitIndexUndoesDeltasWithinThePage() throws {
        let type = try #require(RNTupleColumnType(code: 0x1B)) // SplitIndex64
        // Cluster-relative end offsets 3, 5, 9, 9 stored as deltas 3, 2, 4, 0; a second page restarts
        // with its first offset in full.
        let first = RNTuplePageDecoder.plain(Self.split([3, 2, 4, 0], width: 8), count: 4, type: type)
        let second = RNTuplePageDecoder.plain(Self.split([12, 1], width: 8), count: 2, type: type)
        #expect(Self.loadAll(first + second, UInt64.self) == [3, 5, 9, 9, 12, 13])
        let type32 = try #require(RNTupleColumnType(code: 0x1A)) // SplitIndex32
        let page = RNTuplePageDecoder.plain(Self.split([7, 0, 300_000], width: 4), count: 3, type: type32)
        #expect(Self.loadAll(page, UInt32.self) == [7, 7, 300_007])
    }

    @Test func splitSignedIntegersUndoZigzag() throws {
        let type = try #require(RNTupleColumnType(code: 0x13)) // SplitInt32
        // Zigzag maps 0, -1, 1, -2, 2 to 0, 1, 2, 3, 4, and Int32.min to 2^32 - 1.
        let values: [Int32] = [0, -1, 1, -2, 2, .min, .max]
        let zigzag: [UInt64] = [0, 1, 2, 3, 4, 0xFFFF_FFFF, 0xFFFF_FFFE]
        let plain = RNTuplePageDecoder.plain(Self.split(zigzag, width: 4), count: 7, type: type)
        #expect(Self.loadAll(plain, Int32.self) == values)
        let type16 = try #require(RNTupleColumnType(code: 0x11)) // SplitInt16
        let plain16 = RNTuplePageDecoder.plain(Self.split([5, 6], width: 2), count: 2, type: type16)
        #expect(Self.loadAll(plain16, Int16.self) == [-3, 3])
    }

    @Test func splitRealsAndBitsAndHalves() throws {
        let type = try #require(RNTupleColumnType(code: 0x19)) // SplitReal64
        let values = [1.5, -0.0, .pi]
        let plain = RNTuplePageDecoder.plain(Self.split(values.map(\.bitPattern), width: 8), count: 3, type: type)
        #expect(Self.loadAll(plain, UInt64.self) == values.map(\.bitPattern))
        let bit = try #require(RNTupleColumnType(code: 0x00))
        #expect(RNTuplePageDecoder.plain([0b1010_0101, 0b1], count: 9, type: bit) == [1, 0, 1, 0, 0, 1, 0, 1, 1])
        #expect(RNTuplePageDecoder.half(0x3C00) == 1 && RNTuplePageDecoder.half(0xC000) == -2)
        #expect(RNTuplePageDecoder.half(0x0001) == 0x1p-24 && RNTuplePageDecoder.half(0x7BFF) == 65504)
    }
}
