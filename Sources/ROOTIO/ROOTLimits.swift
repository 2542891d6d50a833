/// The ceilings ROOTIO puts on what a file's own counts may make it allocate or decompress.
///
/// Every allocation sized from a count the file declares (entries, baskets, object lengths) is
/// checked against the bytes the file really has, times ``maxCompressionRatio``, and against
/// ``maxColumnBytes``, before anything is allocated. A file that exceeds one is refused with a
/// ``ROOTError`` naming the file, tree and branch.
public enum ROOTLimits {
    /// The most bytes one stored byte may expand to. It is above every codec's own ceiling on a
    /// ROOT block (at most 16 MiB out): deflate about 1032, LZ4 about 255, LZMA about 8,000, and
    /// Zstandard's RLE blocks, 4 bytes for 128 KiB, 32,768 at best. So no honest record exceeds it,
    /// and a record (or a branch's baskets together) claiming more is refused before decoding.
    public static let maxCompressionRatio = 1 << 15

    /// The largest column one branch may decode to, counted as doubles (the widest form a reader
    /// makes, `readAsDouble`): 4 GiB, so at most 536,870,912 entries of any type.
    public static let maxColumnBytes = 1 << 32

    /// The memory liblzma may use to decode one block: 128 MiB, twice what ROOT's densest LZMA
    /// setting (preset 9, a 64 MiB dictionary) needs.
    public static let maxLZMADecoderMemory: UInt64 = 128 << 20

    /// The most bytes `stored` bytes of a record can honestly stand for once decompressed.
    static func maxExpansion(of stored: Int) -> Int {
        let (product, overflow) = max(stored, 0).multipliedReportingOverflow(by: maxCompressionRatio)
        return overflow ? Int.max : product
    }
}
