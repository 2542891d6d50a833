import CZlib

/// Writes a gzip file through zlib's `gz*` interface, on a descriptor its caller opened.
final class GzipWriter {
    let path: String
    private let file: gzFile

    /// Takes over `descriptor` (closed by ``close()``); `path` names the file in errors.
    init(descriptor: Int32, path: String, level: Int = 6) throws {
        self.path = path
        guard let f = gzdopen(descriptor, "wb\(max(1, min(9, level)))") else {
            throw DataError(.cannotOpen("gzdopen failed"), path: path)
        }
        file = f
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, 1 << 30)
            let written = gzwrite(file, bytes.baseAddress! + offset, UInt32(n))
            guard written > 0 else { throw DataError(.io("gzwrite failed"), path: path) }
            offset += Int(written)
        }
    }

    func close() throws {
        guard gzclose(file) == Z_OK else { throw DataError(.io("gzclose failed"), path: path) }
    }
}
