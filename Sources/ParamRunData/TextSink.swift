import Foundation

/// A text file being written in chunks, plain or gzip-compressed: what the CSV writers share.
enum TextSink {
    case plain(UnsafeMutablePointer<FILE>, String)
    case gzip(GzipWriter)

    /// A file at `path`, gzip-compressed when the name ends in `.gz`.
    static func open(_ path: String) throws -> TextSink {
        path.hasSuffix(".gz") ? .gzip(try GzipWriter(path: path)) : try plain(path)
    }

    static func plain(_ path: String) throws -> TextSink {
        guard let f = fopen(path, "wb") else {
            throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path)
        }
        return .plain(f, path)
    }

    func write(_ bytes: [UInt8]) throws {
        switch self {
        case .plain(let f, let path):
            if !bytes.isEmpty && fwrite(bytes, 1, bytes.count, f) != bytes.count {
                throw DataError(.io(String(cString: strerror(errno))), path: path)
            }
        case .gzip(let g):
            try bytes.withUnsafeBytes { try g.write($0) }
        }
    }

    func close() throws {
        switch self {
        case .plain(let f, let path):
            if fclose(f) != 0 { throw DataError(.io(String(cString: strerror(errno))), path: path) }
        case .gzip(let g):
            try g.close()
        }
    }

    /// Writes a header line and `rows` lines that `row` appends to a buffer, flushing the buffer
    /// every megabyte; on any error the partial file is abandoned, never left looking complete.
    static func writeLines(
        to path: String, header: String, rows: Int,
        row: (_ index: Int, _ buffer: inout [UInt8]) throws -> Void
    ) throws {
        let sink = try open(path)
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        do {
            buffer.append(contentsOf: Array((header + "\n").utf8))
            for r in 0..<rows {
                try row(r, &buffer)
                buffer.append(0x0A)
                if buffer.count > (1 << 20) - 4096 {
                    try sink.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try sink.write(buffer)
            try sink.close()
        } catch {
            sink.abandon()
            throw error
        }
    }

    func abandon() {
        switch self {
        case .plain(let f, _): fclose(f)
        case .gzip(let g): try? g.close()
        }
    }
}
