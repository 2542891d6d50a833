import Dispatch
import Foundation
import ParamRunSupport

/// Parsing blocks of whole lines into rows, on several threads, and the errors that name a bad cell.
extension HEPMASSReader {
    /// Parses a block of whole lines, splitting it between threads at line boundaries.
    /// Returns the number of lines it held.
    static func parseBlock(
        _ block: Block, layout: Layout, path: String, firstLine: Int,
        scratch results: inout [ChunkResult], into table: inout EventTable
    ) throws -> Int {
        let count = block.bytes.count - block.start
        if count <= 0 { return 0 }
        return try block.bytes.withUnsafeBufferPointer { whole in
            try parseLines(
                whole.baseAddress! + block.start, count: count, layout: layout, path: path,
                firstLine: firstLine, scratch: &results, into: &table)
        }
    }

    /// Parses `count` bytes of whole lines at `base`, split between threads at line boundaries.
    static func parseLines(
        _ base: UnsafePointer<UInt8>, count: Int, layout: Layout, path: String, firstLine: Int,
        scratch results: inout [ChunkResult], into table: inout EventTable
    ) throws -> Int {
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

        /// Empties the slot for another chunk, keeping its buffers, with room for `expectedRows` rows.
        mutating func reset(expectedRows estimate: Int, width: Int) {
            features.removeAll(keepingCapacity: true)
            labels.removeAll(keepingCapacity: true)
            theta.removeAll(keepingCapacity: true)
            lines = 0
            failure = nil
            features.reserveCapacity(estimate * width)
            labels.reserveCapacity(estimate)
            theta.reserveCapacity(estimate)
        }
    }

    /// The heart of the reader: one pass over whole lines, numbers parsed in place.
    static func parseLines(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, layout: Layout,
        into result: inout ChunkResult
    ) {
        let fields = layout.destinations.count
        let width = layout.featureNames.count
        result.reset(expectedRows: (end - start) / (fields * 8) + 16, width: width)
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
                            result.failure = columnCountError(
                                from: p, end, counted: field, expected: fields, line: line)
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
                                result.failure = DataError(
                                    .badLabel("\(value)"), row: line, column: field + 1, columnName: "label")
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

    static func badNumber(
        _ fieldStart: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, field: Int, line: Int,
        layout: Layout
    ) -> DataError {
        var q = fieldStart
        while q < end && q.pointee != 0x0A && q.pointee != UInt8(ascii: ",") { q += 1 }
        // A cell of megabytes is quoted by its start and size, not copied whole into the message.
        let length = q - fieldStart
        var text = String(
            decoding: UnsafeBufferPointer(start: fieldStart, count: min(length, 4 * Excerpt.valueLimit)), as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        if length > Excerpt.valueLimit { text = "\(text.prefix(Excerpt.valueLimit))… (\(Excerpt.size(length)))" }
        let name = field < layout.names.count ? layout.names[field] : nil
        let kind: DataError.Kind =
            Float(text.trimmingCharacters(in: .whitespaces)).map { !$0.isFinite } == true
            ? .notFinite(text) : .badNumber(text)
        return DataError(kind, row: line, column: field + 1, columnName: name)
    }

    static func columnCountError(
        from p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, counted: Int, expected: Int,
        line: Int
    ) -> DataError {
        var found = counted
        var q = p
        if q < end && q.pointee == UInt8(ascii: ",") { found += 1; q += 1 }
        while q < end && q.pointee != 0x0A {
            if q.pointee == UInt8(ascii: ",") { found += 1 }
            q += 1
        }
        return DataError(
            .wrongColumnCount(expected: expected, found: max(found, expected + 1)), row: line, column: expected + 1)
    }
}
