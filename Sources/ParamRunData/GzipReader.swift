import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams the inflated bytes of a gzip file through zlib.
///
/// Concatenated gzip members are read as one stream, as `gzip -d` does. A file that ends
/// before its end-of-stream marker raises ``DataError/Kind/truncatedGzip``.
final class GzipReader: ByteSource {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var stream = z_stream()
    private var input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 18
    private var inputEOF = false
    private var finished = false

    init(path: String) throws {
        self.path = path
        guard let f = fopen(path, "rb") else {
            throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path)
        }
        file = f
        input = .allocate(capacity: inputCapacity)
        // 15 + 32: maximum window, and accept a gzip or zlib header.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            fclose(f)
            input.deallocate()
            throw DataError(.corruptGzip("inflateInit2 failed (\(status))"), path: path)
        }
    }

    deinit {
        inflateEnd(&stream)
        fclose(file)
        input.deallocate()
    }

    private func refill() throws {
        let n = fread(input, 1, inputCapacity, file)
        if n < inputCapacity {
            if ferror(file) != 0 { throw DataError(.io(String(cString: strerror(errno))), path: path) }
            inputEOF = true
        }
        stream.next_in = input
        stream.avail_in = UInt32(n)
    }

    /// Fills `buffer` as far as possible; returns 0 only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        let capacity = Int(stream.avail_out)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                if inputEOF {
                    throw DataError(.truncatedGzip, path: path)
                }
                try refill()
                if stream.avail_in == 0 && inputEOF { throw DataError(.truncatedGzip, path: path) }
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                // Another member may follow; anything else after the stream ends the data.
                if stream.avail_in == 0 && !inputEOF { try refill() }
                if stream.avail_in > 0 {
                    inflateReset(&stream)
                    continue
                }
                finished = true
                break
            }
            if status == Z_BUF_ERROR && stream.avail_in == 0 { continue }
            if status != Z_OK {
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw DataError(.corruptGzip(message), path: path)
            }
        }
        return capacity - Int(stream.avail_out)
    }
}

/// A sequential source of bytes.
protocol ByteSource: AnyObject {
    /// Fills `buffer` as far as possible; returns 0 only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a plain file with POSIX `read`.
final class PlainFileSource: ByteSource {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path) }
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + total, buffer.count - total)
            if n < 0 {
                if errno == EINTR { continue }
                throw DataError(.io(String(cString: strerror(errno))), path: path)
            }
            if n == 0 { break }
            total += n
        }
        return total
    }
}
