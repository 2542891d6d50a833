import Dispatch
import Foundation
import Synchronization
import ParamRunSupport

/// Reads HEPMASS-format CSV files (`.csv` or gzip-compressed `.csv.gz`) into an ``EventTable``.
///
/// The format is the UCI HEPMASS one: a header `# label,f0,f1,…,f26,mass`, then one event per
/// line. Headers that name none of f0…f26 (such as the toy's `# label,x,mass`) are read with
/// their own feature columns, in header order. Quirks handled:
/// - `1000_*` files have no `mass` column: θ is ``Options/massForMissingColumn`` or, if unset,
///   the number the file name starts with (1000).
/// - One test file carries an extra trailing field on every row; one extra trailing field is
///   tolerated (and ignored) in files whose name contains `test`, or when
///   ``Options/allowExtraTrailingColumn`` says so.
/// - Masses are stored inexactly (500 GeV as 499.999969); ``DatasetLoader`` matches them with
///   a tolerance.
///
/// The file is taken in blocks of whole lines that are parsed on several threads: a plain file
/// through a read-only memory map, a gzip file inflated on its own thread while the blocks are
/// parsed. Memory is the table plus a few blocks.
public enum HEPMASSReader {
    /// Feature names of a HEPMASS-style table, `f0`…`f26`.
    public static let featureNames: [String] = (0..<27).map { "f\($0)" }

    /// What each of `f0`…`f26` holds, in HEPMASS order.
    public static let featureDescriptions: [String] = [
        "lepton pT", "lepton eta", "lepton phi", "missing ET", "missing ET phi", "number of jets",
        "jet1 pT", "jet1 eta", "jet1 phi", "jet1 b-tag",
        "jet2 pT", "jet2 eta", "jet2 phi", "jet2 b-tag",
        "jet3 pT", "jet3 eta", "jet3 phi", "jet3 b-tag",
        "jet4 pT", "jet4 eta", "jet4 phi", "jet4 b-tag",
        "m_jj", "m_jjj", "m_lv", "m_jlv", "m_WWbb"
    ]

    /// How a file is read.
    public struct Options: Codable, Hashable, Sendable {
        /// Parser threads; gzip inflation runs on one more.
        public var threads: Int
        /// θ for files without a `mass` column; nil takes the leading number of the file name.
        public var massForMissingColumn: Double?
        /// Whether rows may carry one extra trailing field; nil allows it for `*test*` files only.
        public var allowExtraTrailingColumn: Bool?
        /// Bytes of text parsed per step.
        public var blockSize: Int
        /// Whether plain files are memory-mapped (faster) rather than read in copied blocks.
        public var memoryMap: Bool

        /// Reading settings; the defaults read a UCI HEPMASS file on up to two threads.
        public init(
            threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount),
            massForMissingColumn: Double? = nil, allowExtraTrailingColumn: Bool? = nil,
            blockSize: Int = 8 << 20, memoryMap: Bool = true
        ) {
            self.threads = max(1, threads)
            self.massForMissingColumn = massForMissingColumn
            self.allowExtraTrailingColumn = allowExtraTrailingColumn
            self.blockSize = max(1 << 12, blockSize)
            self.memoryMap = memoryMap
        }
    }

    /// Reads a whole file: a regular file, or a stream (a pipe, a FIFO, `/dev/stdin`, a process
    /// substitution such as `<(gunzip -c x.csv.gz)`), which is opened once and read as it comes.
    public static func read(_ url: URL, options: Options = Options()) throws -> EventTable {
        let path = url.path
        let file = try FileSource(path: path)
        let source: ByteSource
        if try file.peek(2) == [0x1F, 0x8B] {
            source = try GzipReader(compressed: file, path: path)
        } else if options.memoryMap, file.isRegular, let table = try readMapped(file, url: url, options: options) {
            return table
        } else {
            source = file
        }
        let blocks = LineBlocks(source: source, path: path, blockSize: options.blockSize)
        guard let first = try blocks.next() else { throw DataError(.emptyFile, path: path) }
        let (layout, headerBytes) = try Layout.parse(first, path: path, url: url, options: options)

        var table = EventTable(featureNames: layout.featureNames)
        if source === file, file.isRegular {
            reserve(&table, fileSize: file.size, sample: first, headerBytes: headerBytes)
        }
        // With gzip one thread inflates, so one fewer parses: inflation is the slower stage.
        let parsers = source is GzipReader ? max(1, options.threads - 1) : options.threads
        var results = [ChunkResult](repeating: ChunkResult(), count: parsers)
        var line = 1 // the header
        let parse: (Block) throws -> Void = { block in
            let lines = try parseBlock(
                block, layout: layout, path: path, firstLine: line,
                scratch: &results, into: &table)
            line += lines
            blocks.recycle(block)
        }
        var firstRest = first
        firstRest.start = headerBytes
        try parse(firstRest)
        if options.threads > 1 {
            let pipe = Prefetcher(blocks)
            do {
                while let block = try pipe.next() { try parse(block) }
            } catch {
                pipe.cancel()
                throw error
            }
        } else {
            while let block = try blocks.next() { try parse(block) }
        }
        if table.count == 0 { throw DataError(.emptyFile, path: path) }
        return table
    }

    /// Reads a plain file through a read-only memory map: blocks are parsed where the page
    /// cache holds them, with no copy. Returns nil when the file cannot be mapped (then it is
    /// streamed instead).
    static func readMapped(_ file: FileSource, url: URL, options: Options) throws -> EventTable? {
        let path = file.path
        let size = file.size
        guard size > 0 else { throw DataError(.emptyFile, path: path) }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.descriptor, 0),
            map != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        defer { munmap(map, size) }
        _ = madvise(map, size, MADV_SEQUENTIAL)
        let base = UnsafePointer(map.assumingMemoryBound(to: UInt8.self))

        // The header and a sample of lines, copied, for the layout and the row estimate.
        let firstNewline =
            memchr(base, 0x0A, size).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? size
        let sampleLength = min(size, max(firstNewline + 1, 1 << 20))
        let sample = Block(bytes: Array(UnsafeBufferPointer(start: base, count: sampleLength)))
        let (layout, headerBytes) = try Layout.parse(sample, path: path, url: url, options: options)
        var table = EventTable(featureNames: layout.featureNames)
        reserve(&table, fileSize: size, sample: sample, headerBytes: headerBytes)

        var results = [ChunkResult](repeating: ChunkResult(), count: options.threads)
        var line = 1
        var position = headerBytes
        while position < size {
            var stop = min(size, position + options.blockSize)
            if stop < size {
                var back = stop
                while back > position && base[back - 1] != 0x0A { back -= 1 }
                if back > position {
                    stop = back
                } else if let newline = memchr(base + stop, 0x0A, size - stop) {
                    stop = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base + 1
                } else {
                    stop = size
                }
            }
            line += try parseLines(
                base + position, count: stop - position, layout: layout, path: path,
                firstLine: line, scratch: &results, into: &table)
            position = stop
        }
        if table.count == 0 { throw DataError(.emptyFile, path: path) }
        return table
    }

    /// Reserves the table once from the file size and the first block's line length, so the
    /// columns are not copied as they grow.
    static func reserve(_ table: inout EventTable, fileSize: Int, sample: Block, headerBytes: Int) {
        let body = sample.bytes.count - headerBytes
        guard body > 0 else { return }
        let lines = sample.bytes.withUnsafeBufferPointer { b in
            var n = 0
            var p = memchr(b.baseAddress! + headerBytes, 0x0A, body)
            while let found = p {
                n += 1
                let next = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
                let rest = b.baseAddress! + b.count - next
                p = rest > 0 ? memchr(next, 0x0A, rest) : nil
            }
            return n
        }
        guard lines > 0, body > 0 else { return }
        let rows = Int(Double(fileSize) / (Double(body) / Double(lines)) * 1.02) + 16
        table.features.reserveCapacity(rows * table.featureCount)
        table.labels.reserveCapacity(rows)
        table.theta.reserveCapacity(rows)
    }
}
