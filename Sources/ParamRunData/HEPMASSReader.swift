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
        "m_jj", "m_jjj", "m_lv", "m_jlv", "m_WWbb",
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

        public init(threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount),
                    massForMissingColumn: Double? = nil, allowExtraTrailingColumn: Bool? = nil,
                    blockSize: Int = 8 << 20, memoryMap: Bool = true) {
            self.threads = max(1, threads)
            self.massForMissingColumn = massForMissingColumn
            self.allowExtraTrailingColumn = allowExtraTrailingColumn
            self.blockSize = max(1 << 12, blockSize)
            self.memoryMap = memoryMap
        }
    }

    /// Reads a whole file.
    public static func read(_ url: URL, options: Options = Options()) throws -> EventTable {
        let path = url.path
        let source: ByteSource
        if try isGzip(path) {
            source = try GzipReader(path: path)
        } else if options.memoryMap, let table = try readMapped(path: path, url: url, options: options) {
            return table
        } else {
            source = try PlainFileSource(path: path)
        }
        let blocks = LineBlocks(source: source, path: path, blockSize: options.blockSize)
        guard let first = try blocks.next() else { throw DataError(.emptyFile, path: path) }
        let (layout, headerBytes) = try Layout.parse(first, path: path, url: url, options: options)

        var table = EventTable(featureNames: layout.featureNames)
        if source is PlainFileSource {
            reserve(&table, fileSize: fileSize(path), sample: first, headerBytes: headerBytes)
        }
        // With gzip one thread inflates, so one fewer parses: inflation is the slower stage.
        let parsers = source is GzipReader ? max(1, options.threads - 1) : options.threads
        var results = [ChunkResult](repeating: ChunkResult(), count: parsers)
        var line = 1  // the header
        let parse: (Block) throws -> Void = { block in
            let lines = try parseBlock(block, layout: layout, path: path, firstLine: line,
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
    static func readMapped(path: String, url: URL, options: Options) throws -> EventTable? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else { throw DataError(.emptyFile, path: path) }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
              map != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { munmap(map, size) }
        _ = madvise(map, size, MADV_SEQUENTIAL)
        let base = UnsafePointer(map.assumingMemoryBound(to: UInt8.self))

        // The header and a sample of lines, copied, for the layout and the row estimate.
        let firstNewline = memchr(base, 0x0A, size).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? size
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
            line += try parseLines(base + position, count: stop - position, layout: layout, path: path,
                                   firstLine: line, scratch: &results, into: &table)
            position = stop
        }
        if table.count == 0 { throw DataError(.emptyFile, path: path) }
        return table
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
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

    static func isGzip(_ path: String) throws -> Bool {
        guard let f = fopen(path, "rb") else {
            throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path)
        }
        defer { fclose(f) }
        var magic: [UInt8] = [0, 0]
        return fread(&magic, 1, 2, f) == 2 && magic == [0x1F, 0x8B]
    }

    /// Where each field of a row goes.
    struct Layout: Sendable {
        static let ignore: Int32 = -3, label: Int32 = -1, mass: Int32 = -2
        /// Per field: feature index, or one of the constants above.
        var destinations: [Int32]
        var names: [String]
        /// The table's feature columns: f0…f26 for HEPMASS headers, else the header's own names.
        var featureNames: [String]
        var fixedMass: Float?
        var allowExtra: Bool

        static func parse(_ block: Block, path: String, url: URL, options: Options) throws -> (Layout, Int) {
            let bytes = block.bytes
            guard let newline = bytes[block.start...].firstIndex(of: 0x0A) ?? (bytes.isEmpty ? nil : bytes.count) else {
                throw DataError(.emptyFile, path: path)
            }
            var text = String(decoding: bytes[block.start..<newline], as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            guard text.hasPrefix("#") else {
                throw DataError(.badHeader("expected '# label,f0,…,f26,mass', found '\(text.prefix(60))'"), path: path, row: 1)
            }
            text.removeFirst()
            let names = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // A header naming any of f0…f26 is a HEPMASS header and must name them all; any
            // other header (e.g. the toy's `# label,x,mass`) keeps its own feature columns.
            let hepmass = names.contains { HEPMASSReader.featureNames.contains($0) }
            var tableFeatures = hepmass ? HEPMASSReader.featureNames : []
            var destinations = [Int32]()
            var seen = Set<String>()
            for (i, name) in names.enumerated() {
                if !name.isEmpty, !seen.insert(name).inserted {
                    throw DataError(.badHeader("column '\(name)' appears twice"), path: path, row: 1, column: i + 1, columnName: name)
                }
                if name == "label" {
                    destinations.append(label)
                } else if name == "mass" {
                    destinations.append(mass)
                } else if hepmass, let k = HEPMASSReader.featureNames.firstIndex(of: name) {
                    destinations.append(Int32(k))
                } else if i == names.count - 1 && name.isEmpty {
                    destinations.append(ignore)  // a trailing comma in the header
                } else if !hepmass && !name.isEmpty {
                    destinations.append(Int32(tableFeatures.count))
                    tableFeatures.append(name)
                } else {
                    throw DataError(.badHeader("unknown column '\(name)'"), path: path, row: 1, column: i + 1, columnName: name)
                }
            }
            let missing = (["label"] + (hepmass ? HEPMASSReader.featureNames : [])).filter { !seen.contains($0) }
            guard !tableFeatures.isEmpty else {
                throw DataError(.badHeader("no feature columns"), path: path, row: 1)
            }
            guard missing.isEmpty else {
                throw DataError(.badHeader("missing columns \(missing.joined(separator: ","))"), path: path, row: 1)
            }
            var fixedMass: Float? = nil
            if !seen.contains("mass") {
                if let m = options.massForMissingColumn {
                    fixedMass = Float(m)
                } else {
                    let digits = url.lastPathComponent.prefix(while: { $0.isNumber })
                    guard let m = Float(digits) else {
                        throw DataError(.badHeader("no mass column and no mass in the file name; set massForMissingColumn"),
                                        path: path, row: 1)
                    }
                    fixedMass = m
                }
            }
            let allowExtra = options.allowExtraTrailingColumn ?? url.lastPathComponent.lowercased().contains("test")
            let layout = Layout(destinations: destinations, names: names, featureNames: tableFeatures,
                                fixedMass: fixedMass, allowExtra: allowExtra)
            return (layout, min(newline + 1, bytes.count))
        }
    }

    /// Parses a block of whole lines, splitting it between threads at line boundaries.
    /// Returns the number of lines it held.
    static func parseBlock(_ block: Block, layout: Layout, path: String, firstLine: Int,
                           scratch results: inout [ChunkResult], into table: inout EventTable) throws -> Int {
        let count = block.bytes.count - block.start
        if count <= 0 { return 0 }
        return try block.bytes.withUnsafeBufferPointer { whole in
            try parseLines(whole.baseAddress! + block.start, count: count, layout: layout, path: path,
                           firstLine: firstLine, scratch: &results, into: &table)
        }
    }

    /// Parses `count` bytes of whole lines at `base`, split between threads at line boundaries.
    static func parseLines(_ base: UnsafePointer<UInt8>, count: Int, layout: Layout, path: String, firstLine: Int,
                           scratch results: inout [ChunkResult], into table: inout EventTable) throws -> Int {
        let parts = count < (1 << 16) ? 1 : results.count
        do {
            let end = base + count
            var bounds = [base]
            for k in 1..<parts {
                var p = base + count * k / parts
                if p < bounds[bounds.count - 1] { p = bounds[bounds.count - 1] }
                while p < end && p.pointee != 0x0A { p += 1 }
                bounds.append(p < end ? p + 1 : end)
            }
            bounds.append(end)
            if parts == 1 {
                parseLines(bounds[0], bounds[1], layout: layout, into: &results[0])
            } else {
                results.withUnsafeMutableBufferPointer { out in
                    // Each worker parses its own lines into its own result slot.
                    let shared = DisjointParts((bounds: bounds, out: out))
                    DispatchQueue.concurrentPerform(iterations: parts) { k in
                        let (bounds, out) = (shared.value.bounds, shared.value.out)
                        parseLines(bounds[k], bounds[k + 1], layout: layout, into: &out[k])
                    }
                }
            }
            var line = firstLine
            for r in results[0..<parts] {
                if let failure = r.failure {
                    var error = failure
                    error.path = path
                    error.row = line + (failure.row ?? 0) + 1
                    throw error
                }
                line += r.lines
            }
        }
        var lines = 0
        for r in results[0..<parts] {
            table.features.append(contentsOf: r.features)
            table.labels.append(contentsOf: r.labels)
            table.theta.append(contentsOf: r.theta)
            lines += r.lines
        }
        return lines
    }

    struct ChunkResult: Sendable {
        var features: [Float] = []
        var labels: [Float] = []
        var theta: [Float] = []
        var lines = 0
        /// The first error, with `row` relative to the chunk (0-based).
        var failure: DataError?
    }

    /// The heart of the reader: one pass over whole lines, numbers parsed in place.
    static func parseLines(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, layout: Layout,
                           into result: inout ChunkResult) {
        result.features.removeAll(keepingCapacity: true)
        result.labels.removeAll(keepingCapacity: true)
        result.theta.removeAll(keepingCapacity: true)
        result.lines = 0
        result.failure = nil
        let fields = layout.destinations.count
        let estimate = (end - start) / (fields * 8) + 16
        let width = layout.featureNames.count
        result.features.reserveCapacity(estimate * width)
        result.labels.reserveCapacity(estimate)
        result.theta.reserveCapacity(estimate)
        let comma = UInt8(ascii: ","), newline: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer { scratch.deallocate() }
        let fixedMass = layout.fixedMass
        var line = 0
        var p = start
        layout.destinations.withUnsafeBufferPointer { dest in
            rows: while p < end {
                let c = p.pointee
                if c == newline { p += 1; line += 1; continue }
                if c == cr && (p + 1 == end || (p + 1).pointee == newline) { p += min(2, end - p); line += 1; continue }
                var label: Float = 0
                var mass: Float = fixedMass ?? 0
                var field = 0
                while true {
                    let fieldStart = p
                    if field == fields {
                        // One field too many: tolerated only where documented, and then skipped.
                        guard layout.allowExtra else {
                            result.failure = columnCountError(from: p, end, counted: field, expected: fields, line: line)
                            break rows
                        }
                        while p < end && p.pointee != newline && p.pointee != comma { p += 1 }
                        field += 1
                    } else {
                        guard let (value, next) = DecimalParser.parse(p, end), value.isFinite else {
                            result.failure = badNumber(fieldStart, end, field: field, line: line, layout: layout)
                            break rows
                        }
                        p = next
                        let d = dest[field]
                        if d >= 0 {
                            scratch[Int(d)] = value
                        } else if d == Layout.label {
                            // Caught here, where the file's line and column are known, not later in training.
                            guard value == 0 || value == 1 else {
                                result.failure = DataError(.badLabel("\(value)"), row: line, column: field + 1, columnName: "label")
                                break rows
                            }
                            label = value
                        } else if d == Layout.mass {
                            mass = value
                        }
                        field += 1
                    }
                    if p == end || p.pointee == newline { break }
                    if p.pointee == comma { p += 1; continue }
                    if p.pointee == cr && (p + 1 == end || (p + 1).pointee == newline) { p += 1; break }
                    if field > fields {
                        result.failure = columnCountError(from: p, end, counted: field, expected: fields, line: line)
                        break rows
                    }
                    result.failure = badNumber(fieldStart, end, field: field - 1, line: line, layout: layout)
                    break rows
                }
                if field < fields {
                    result.failure = DataError(.wrongColumnCount(expected: fields, found: field), row: line)
                    break rows
                }
                result.features.append(contentsOf: UnsafeBufferPointer(start: scratch, count: width))
                result.labels.append(label)
                result.theta.append(mass)
                if p < end { p += 1 }
                line += 1
            }
        }
        result.lines = line
    }

    static func badNumber(_ fieldStart: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: Int, line: Int,
                          layout: Layout) -> DataError {
        var q = fieldStart
        while q < end && q.pointee != 0x0A && q.pointee != UInt8(ascii: ",") { q += 1 }
        // A cell of megabytes is quoted by its start and size, not copied whole into the message.
        let length = q - fieldStart
        var text = String(decoding: UnsafeBufferPointer(start: fieldStart, count: min(length, 4 * Excerpt.valueLimit)), as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        if length > Excerpt.valueLimit { text = "\(text.prefix(Excerpt.valueLimit))… (\(Excerpt.size(length)))" }
        let name = field < layout.names.count ? layout.names[field] : nil
        let kind: DataError.Kind = Float(text.trimmingCharacters(in: .whitespaces)).map { !$0.isFinite } == true
            ? .notFinite(text) : .badNumber(text)
        return DataError(kind, row: line, column: field + 1, columnName: name)
    }

    static func columnCountError(from p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, counted: Int, expected: Int,
                                 line: Int) -> DataError {
        var found = counted
        var q = p
        if q < end && q.pointee == UInt8(ascii: ",") { found += 1; q += 1 }
        while q < end && q.pointee != 0x0A {
            if q.pointee == UInt8(ascii: ",") { found += 1 }
            q += 1
        }
        return DataError(.wrongColumnCount(expected: expected, found: max(found, expected + 1)), row: line, column: expected + 1)
    }
}

/// A run of whole lines: `bytes[start...]`.
struct Block: Sendable {
    var bytes: [UInt8]
    var start: Int = 0
}

/// Cuts a byte stream into blocks that end at a newline (or at the end of the data).
final class LineBlocks {
    private let source: ByteSource
    private let path: String
    private var blockSize: Int
    private var carry: [UInt8] = []
    private var done = false
    /// Buffers the consumer hands back for reuse, shared with the producer thread.
    private let spare = Mutex<[[UInt8]]>([])

    init(source: ByteSource, path: String, blockSize: Int) {
        self.source = source
        self.path = path
        self.blockSize = blockSize
    }

    func next() throws -> Block? {
        if done { return nil }
        var buffer = spare.withLock { $0.popLast() } ?? []
        let size = max(blockSize, carry.count * 2)
        if buffer.isEmpty {
            buffer = [UInt8](repeating: 0, count: size)
        } else if buffer.count < size {
            buffer.append(contentsOf: [UInt8](repeating: 0, count: size - buffer.count))
        } else if buffer.count > size {
            buffer.removeSubrange(size...)
        }
        buffer.replaceSubrange(0..<carry.count, with: carry)
        var filled = carry.count
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            filled += n
            if n == 0 {
                done = true
                carry = []
                if filled == 0 { return nil }
                buffer.removeSubrange(filled...)
                return Block(bytes: buffer)
            }
            if filled < buffer.count { continue }
            if let cut = buffer.lastIndex(of: 0x0A) {
                carry = Array(buffer[(cut + 1)...])
                buffer.removeSubrange((cut + 1)...)
                return Block(bytes: buffer)
            }
            // A line longer than the block: grow and keep reading.
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
    }
}

extension LineBlocks {
    /// Returns a parsed block's storage for reuse.
    func recycle(_ block: Block) {
        spare.withLock { pool in
            if pool.count < 4 { pool.append(block.bytes) }
        }
    }
}

/// Produces blocks on a background thread (gzip inflation), at most two ahead of the consumer.
///
/// `@unchecked Sendable` for `blocks` alone: after `init` only the producer thread reads from it
/// (the consumer only recycles buffers, through its own mutex); the queue lives in a mutex.
final class Prefetcher: @unchecked Sendable {
    private let blocks: LineBlocks
    private struct State {
        var queue: [Result<Block?, any Error>] = []
        var cancelled = false
    }
    private let state = Mutex(State())
    private let filled = DispatchSemaphore(value: 0)
    // Starts at 0 and is signalled up: libdispatch traps if a semaphore is freed below its initial value.
    private let free = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(_ blocks: LineBlocks) {
        self.blocks = blocks
        free.signal()
        free.signal()
        let thread = Thread { [self] in self.produce() }
        thread.start()
    }

    private func produce() {
        defer { finished.signal() }
        while true {
            free.wait()
            if state.withLock({ $0.cancelled }) { return }
            let item: Result<Block?, any Error>
            do { item = .success(try blocks.next()) } catch { item = .failure(error) }
            state.withLock { $0.queue.append(item) }
            filled.signal()
            if case .success(let b) = item, b != nil { continue }
            return
        }
    }

    func next() throws -> Block? {
        filled.wait()
        let item = state.withLock { $0.queue.removeFirst() }
        free.signal()
        return try item.get()
    }

    /// Stops the producer early (after an error) and waits for it, so the source is not read concurrently.
    func cancel() {
        state.withLock { $0.cancelled = true }
        free.signal()
        finished.wait()
    }
}
