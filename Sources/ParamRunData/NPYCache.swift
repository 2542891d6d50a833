import Foundation
import ParamRunSupport

/// Keeps parsed HEPMASS files as `.npy` copies so later runs load them at disk speed.
///
/// A copy is a float32 C-ordered matrix of `rows × (features + 2)` columns — label, f0…f26,
/// mass for HEPMASS files — the same layout as the CSV, so `numpy.load` gives the table
/// directly; `<copy>.json` beside it names the columns. Its file name carries a
/// hash of the source's absolute path, size and modification time, the reader options that
/// change the parsed values, and a format version; a changed source therefore never hits an
/// old copy. Copies live in a directory chosen by the caller (data folders may be read-only).
package struct NPYCache: Sendable {
    /// Where the copies are kept.
    package var directory: URL
    static let formatVersion = 1

    /// Creates a cache in `directory` (created when first written).
    package init(directory: URL) {
        self.directory = directory
    }

    /// The default location, `outputs/.cache/` under the current directory.
    package static var `default`: NPYCache {
        NPYCache(directory: URL(fileURLWithPath: "outputs/.cache", isDirectory: true))
    }

    /// The cache file that holds `source` in its present state.
    package func cacheURL(for source: URL, options: HEPMASSReader.Options) throws -> URL {
        let path = source.standardizedFileURL.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw DataError(.cannotOpen("\(error.localizedDescription)"), path: path)
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let mass = options.massForMissingColumn.map { "\($0)" } ?? "-"
        let extra = options.allowExtraTrailingColumn.map { "\($0)" } ?? "-"
        let key = "v\(NPYCache.formatVersion)|\(path)|\(size)|\(mtime)|\(mass)|\(extra)"
        let name = source.lastPathComponent + "-" + SHA256.hex(key).prefix(16) + ".npy"
        return directory.appendingPathComponent(name)
    }

    /// Loads `source` from its cached copy, or parses it and writes the copy.
    ///
    /// - Returns: the table and whether the cached copy was used.
    package func load(_ source: URL, options: HEPMASSReader.Options = .init()) throws -> (
        table: EventTable, cached: Bool
    ) {
        let url = try cacheURL(for: source, options: options)
        if FileManager.default.fileExists(atPath: url.path),
            FileManager.default.fileExists(atPath: url.path + ".json")
        {
            return (try NPYCache.readMatrix(url), true)
        }
        let table = try HEPMASSReader.read(source, options: options)
        try store(table, at: url, source: source)
        return (table, false)
    }

    private func store(_ table: EventTable, at url: URL, source: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataError(.io("\(error)"), path: directory.path)
        }
        // Older copies of the same file are stale now.
        let prefix = source.lastPathComponent + "-"
        if let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
            // A concurrent reader of the same unchanged file may be using this key's own copy.
            let current = [url.lastPathComponent, url.lastPathComponent + ".json"]
            for name in names
            where name.hasPrefix(prefix) && !current.contains(name)
                && (name.hasSuffix(".npy") && name.count == prefix.count + 20
                    || name.hasSuffix(".npy.json") && name.count == prefix.count + 25)
            {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
        try NPYCache.writeMatrix(table, to: url)
        do {
            try JSONCoding.write(
                Columns(columns: ["label"] + table.featureNames + ["mass"]), to: url.appendingPathExtension("json"))
        } catch {
            throw DataError(.io("\(error)"), path: url.path + ".json")
        }
    }

    struct Columns: Codable {
        var columns: [String]
    }

    static let rowsPerPiece = 1 << 15

    /// Writes `rows × (1 + features + 1)`: label, features, θ.
    static func writeMatrix(_ table: EventTable, to url: URL) throws {
        let width = table.featureCount
        let columns = width + 2
        let writer = try NPYWriter(url: url, shape: [table.count, columns])
        var piece = [Float](repeating: 0, count: rowsPerPiece * columns)
        var row = 0
        while row < table.count {
            let n = min(rowsPerPiece, table.count - row)
            for i in 0..<n {
                let r = row + i
                piece[i * columns] = table.labels[r]
                for c in 0..<width { piece[i * columns + 1 + c] = table.features[r * width + c] }
                piece[i * columns + columns - 1] = table.theta[r]
            }
            try piece.withUnsafeBufferPointer {
                try writer.append(UnsafeBufferPointer(rebasing: $0[0..<(n * columns)]))
            }
            row += n
        }
        try writer.finish()
    }

    /// Reads a matrix written by ``writeMatrix(_:to:)`` back into a HEPMASS-style table.
    static func readMatrix(_ url: URL) throws -> EventTable {
        let columnNames: [String]
        do {
            columnNames = try JSONCoding.read(Columns.self, from: url.appendingPathExtension("json")).columns
        } catch {
            throw DataError(.badNPY("cannot read column names: \(error)"), path: url.path + ".json")
        }
        let reader = try NPYReader(url: url)
        defer { reader.close() }
        let columns = columnNames.count
        let width = columns - 2
        guard width > 0, reader.shape.count == 2, reader.shape[1] == columns else {
            throw DataError(.badNPY("expected shape (rows, \(columns)), found \(reader.shape)"), path: url.path)
        }
        let rows = reader.shape[0]
        var features = [Float](repeating: 0, count: rows * width)
        var labels = [Float](repeating: 0, count: rows)
        var theta = [Float](repeating: 0, count: rows)
        var piece = [Float](repeating: 0, count: rowsPerPiece * columns)
        var row = 0
        while row < rows {
            let n = min(rowsPerPiece, rows - row)
            try piece.withUnsafeMutableBufferPointer {
                try reader.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<(n * columns)]))
            }
            piece.withUnsafeBufferPointer { src in
                features.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<n {
                        let s = i * columns
                        labels[row + i] = src[s]
                        theta[row + i] = src[s + columns - 1]
                        (dst.baseAddress! + (row + i) * width)
                            .update(from: src.baseAddress! + s + 1, count: width)
                    }
                }
            }
            row += n
        }
        return EventTable(featureNames: Array(columnNames[1...width]), features: features, labels: labels, theta: theta)
    }
}
