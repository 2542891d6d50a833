#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file read with positioned reads, so a file truncated underneath us yields a short read
/// (an error), never a bus fault as a memory map would.
final class ROOTFileReader: Sendable {
    // Immutable after init (so checked Sendable); pread carries its own offset, so concurrent reads are safe.
    let path: String
    let size: Int
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ROOTError(.io, file: path, String(cString: strerror(errno)))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw ROOTError(.io, file: path, "cannot stat the file")
        }
        self.fd = fd
        self.size = Int(st.st_size)
    }

    deinit { close(fd) }

    /// Reads exactly `count` bytes at `offset` into `destination`, or throws naming the range.
    func read(into destination: UnsafeMutableRawPointer, offset: Int, count: Int) throws {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ROOTError(
                .corrupt, file: path, offset: offset,
                "range of \(count) bytes at \(offset) lies outside the \(size)-byte file")
        }
        var done = 0
        while done < count {
            let n = pread(fd, destination + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ROOTError(.io, file: path, offset: offset + done, String(cString: strerror(errno)))
            }
            if n == 0 {
                throw ROOTError(.corrupt, file: path, offset: offset + done, "file ends early")
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset` as an array.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        guard count >= 0, offset >= 0, offset <= size, count <= size - offset else {
            throw ROOTError(
                .corrupt, file: path, offset: offset,
                "range of \(count) bytes at \(offset) lies outside the \(size)-byte file")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            if count > 0, let base = buf.baseAddress {
                try read(into: base, offset: offset, count: count)
            }
            initialized = count
        }
    }
}
