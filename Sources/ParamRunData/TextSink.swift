import Foundation
import ParamRunSupport

/// A text file being written in chunks, plain or gzip-compressed: what the CSV writers share.
///
/// The lines go to ``AtomicFile``'s temporary file beside the destination and are renamed over
/// it only when complete, so a destination that is a link, a device, a FIFO or a folder is
/// refused and never replaced, and a failed write leaves what was there before.
struct TextSink {
    enum Kind {
        case plain(UnsafeMutablePointer<FILE>)
        case gzip(GzipWriter)
    }

    let kind: Kind
    /// The destination, and the temporary file the lines go to until ``close()``.
    let path: String, temporary: String

    /// A file at `path`, gzip-compressed when the name ends in `.gz`.
    static func open(_ path: String) throws -> TextSink {
        let url = URL(fileURLWithPath: path)
        try AtomicFile.checkDestination(url)
        let (temporary, fd) = try AtomicFile.createTemporary(for: url)
        if path.hasSuffix(".gz") {
            do {
                return TextSink(
                    kind: .gzip(try GzipWriter(descriptor: fd, path: path)), path: path, temporary: temporary)
            } catch {
                Foundation.close(fd)
                unlink(temporary)
                throw error
            }
        }
        guard let f = fdopen(fd, "wb") else {
            let reason = AtomicFile.systemError()
            Foundation.close(fd)
            unlink(temporary)
            throw DataError(.cannotOpen(reason), path: path)
        }
        return TextSink(kind: .plain(f), path: path, temporary: temporary)
    }

    func write(_ bytes: [UInt8]) throws {
        switch kind {
        case .plain(let f):
            if !bytes.isEmpty && fwrite(bytes, 1, bytes.count, f) != bytes.count {
                throw DataError(.io(String(cString: strerror(errno))), path: path)
            }
        case .gzip(let g):
            try bytes.withUnsafeBytes { try g.write($0) }
        }
    }

    /// Finishes the file and renames it over the destination.
    func close() throws {
        switch kind {
        case .plain(let f):
            if fflush(f) != 0 || fsync(fileno(f)) != 0 {
                let reason = String(cString: strerror(errno))
                fclose(f)
                unlink(temporary)
                throw DataError(.io(reason), path: path)
            }
            if fclose(f) != 0 {
                unlink(temporary)
                throw DataError(.io(String(cString: strerror(errno))), path: path)
            }
        case .gzip(let g):
            do {
                try g.close()
            } catch {
                unlink(temporary)
                throw error
            }
        }
        try AtomicFile.commit(temporary: temporary, to: URL(fileURLWithPath: path))
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
        } catch {
            sink.abandon()
            throw error
        }
        try sink.close()
    }

    /// Closes the temporary file and removes it.
    func abandon() {
        switch kind {
        case .plain(let f): fclose(f)
        case .gzip(let g): try? g.close()
        }
        unlink(temporary)
    }
}
