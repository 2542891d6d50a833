import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams the inflated bytes of a gzip file through zlib, reading the compressed bytes from
/// another source (the file's one descriptor, which may be a pipe).
///
/// Concatenated gzip members are read as one stream, as `gzip -d` does. A file that ends
/// before its end-of-stream marker raises ``DataError/Kind/truncatedGzip``.
final class GzipReader: ByteSource {
    let path: String
    private let file: any ByteSource
    private var stream = z_stream()
    private var input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 18
    private var inputEOF = false
    private var finished = false

    init(compressed file: any ByteSource, path: String) throws {
        self.path = path
        self.file = file
        input = .allocate(capacity: inputCapacity)
        // 15 + 32: maximum window, and accept a gzip or zlib header.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw DataError(.corruptGzip("inflateInit2 failed (\(status))"), path: path)
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    private func refill() throws {
        // The source fills the buffer unless its data ends: a short read is the end of the file.
        let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        if n < inputCapacity { inputEOF = true }
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
