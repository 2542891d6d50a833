/// An RNTuple's clusters and where each column's pages lie in them, from the footer and its page lists.
struct RNTupleClusters: Sendable {
    struct Page: Sendable {
        let elements: Int
        let offset: Int
        let size: Int
        /// Whether an XXH3 checksum of the stored bytes follows the page.
        let hasChecksum: Bool
    }

    struct ColumnRange: Sendable {
        /// Nil when the column is suppressed in this cluster (another representation holds the data).
        let pages: [Page]?
        let elementOffset: Int
        var elements: Int { pages?.reduce(0) { $0 + $1.elements } ?? 0 }
    }

    struct Cluster: Sendable {
        let firstEntry: Int
        let entries: Int
        /// By physical column ID; a column added after this cluster was written is absent.
        let columns: [ColumnRange]
    }

    var clusters: [Cluster] = []
    /// Where each cluster group's page list envelope lies: offset, stored bytes, length.
    var pageLists: [(offset: Int, stored: Int, length: Int)] = []
    var entries: Int { clusters.reduce(0) { $0 + $1.entries } }

    /// Reads the footer's cluster groups and each group's page list (after the schema extension).
    init(footer c: inout RNTupleCursor, headerChecksum: UInt64, source: ROOTFileReader) throws {
        let groups = try c.list(minItem: 8 + 20 + 8 + 12)
        for _ in 0..<groups.count {
            let end = try c.record()
            _ = try c.u64() // minimum entry
            _ = try c.u64() // entry span
            let count = try c.u32()
            let length = try c.size64("page list length")
            let at = try c.locator()
            try c.seek(to: end)
            pageLists.append((at.offset, at.size, length))
            let envelope = try RNTupleEnvelope(
                .pageList, source: source, offset: at.offset, stored: at.size, length: length)
            var p = envelope.payload
            guard try p.u64() == headerChecksum else {
                throw p.error("page list belongs to another header (its header checksum differs)")
            }
            let found = try Self.pageList(&p)
            guard found.count == count else { throw p.error("cluster group of \(count) clusters lists \(found.count)") }
            clusters += found
        }
        try c.seek(to: groups.end)
        var next = 0
        for cluster in clusters.sorted(by: { $0.firstEntry < $1.firstEntry }) {
            guard cluster.firstEntry == next else {
                throw c.error("clusters do not tile the entries: one starts at \(cluster.firstEntry), expected \(next)")
            }
            next += cluster.entries
        }
        clusters.sort { $0.firstEntry < $1.firstEntry }
    }

    private static func pageList(_ c: inout RNTupleCursor) throws -> [Cluster] {
        let summaries = try c.list(minItem: 8 + 16)
        var ranges: [(first: Int, entries: Int)] = []
        for _ in 0..<summaries.count {
            let end = try c.record()
            let first = try c.size64("first entry")
            let word = try c.u64()
            guard word >> 56 & 1 == 0 else {
                throw ROOTError(.unsupported, file: c.file, offset: c.fileOffset, "sharded clusters are not read")
            }
            let entries = Int(word & 0x00FF_FFFF_FFFF_FFFF)
            guard first <= Int.max / 2, entries <= Int.max / 2 else { throw c.error("cluster of \(entries) entries") }
            ranges.append((first, entries))
            try c.seek(to: end)
        }
        try c.seek(to: summaries.end)
        let top = try c.list(minItem: 12)
        guard top.count == ranges.count else {
            throw c.error("page list has \(ranges.count) cluster summaries but pages for \(top.count) clusters")
        }
        var clusters: [Cluster] = []
        /// Where each cluster group's page list envelope lies: offset, stored bytes, length.
        var pageLists: [(offset: Int, stored: Int, length: Int)] = []
        for range in ranges {
            let outer = try c.list(minItem: 12 + 8)
            var columns: [ColumnRange] = []
            for _ in 0..<outer.count { columns.append(try column(&c)) }
            try c.seek(to: outer.end)
            clusters.append(Cluster(firstEntry: range.first, entries: range.entries, columns: columns))
        }
        try c.seek(to: top.end)
        return clusters
    }

    private static func column(_ c: inout RNTupleCursor) throws -> ColumnRange {
        let inner = try c.list(minItem: 4 + 12)
        var pages: [Page] = []
        pages.reserveCapacity(inner.count)
        for _ in 0..<inner.count {
            let n = Int(try c.le(Int32.self))
            let at = try c.locator()
            pages.append(Page(elements: n < 0 ? -n : n, offset: at.offset, size: at.size, hasChecksum: n < 0))
        }
        let elementOffset = try c.i64()
        if elementOffset < 0 {
            try c.seek(to: inner.end)
            return ColumnRange(pages: nil, elementOffset: elementOffset == Int.min ? 0 : -elementOffset)
        }
        _ = try c.u32() // compression settings; each page's blocks name their own algorithm
        try c.seek(to: inner.end)
        return ColumnRange(pages: pages, elementOffset: elementOffset)
    }
}
