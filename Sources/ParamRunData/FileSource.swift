import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sequential source of bytes.
protocol ByteSource: AnyObject {
    /// Fills `buffer` as far as possible; returns 0 only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file opened once, with POSIX `open`: a regular file, or a stream (a pipe, a FIFO,
/// `/dev/stdin`, a process substitution).
///
/// A stream gives its bytes once, so everything the reader learns about the file (whether it is
/// gzip, its size, its contents) comes through this one descriptor: ``peek(_:)`` keeps the bytes it
/// reads from a stream and ``read(into:)`` hands them out first.
final class FileSource: ByteSource {
    let path: String
    let descriptor: Int32
    /// Whether the file is a regular file, which has a size and can be mapped.
    let isRegular: Bool
    /// The file's size in bytes; 0 for a stream.
    let size: Int
    /// Bytes a peek read from a stream, still to be handed out.
    private var pending: [UInt8] = []

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw DataError(.cannotOpen(reason), path: path)
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(descriptor)
            throw DataError(.cannotOpen("it is a directory"), path: path)
        }
        isRegular = info.st_mode & S_IFMT == S_IFREG
        size = isRegular ? Int(info.st_size) : 0
    }

    deinit { close(descriptor) }

    /// The file's first `count` bytes (fewer if it is shorter), without consuming them.
    func peek(_ count: Int) throws -> [UInt8] {
        if isRegular {
            var bytes = [UInt8](repeating: 0, count: count)
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, count, 0) }
            guard n >= 0 else { throw DataError(.io(String(cString: strerror(errno))), path: path) }
            return Array(bytes[..<n])
        }
        while pending.count < count {
            var bytes = [UInt8](repeating: 0, count: count - pending.count)
            let n = try bytes.withUnsafeMutableBytes { try readDescriptor(into: $0) }
            if n == 0 { break }
            pending += bytes[..<n]
        }
        return Array(pending.prefix(count))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        if !pending.isEmpty {
            total = min(pending.count, buffer.count)
            pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<total])) }
            pending.removeFirst(total)
        }
        return total + (try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...])))
    }

    /// Reads from the descriptor until `buffer` is full or the data ends.
    private func readDescriptor(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let n = Glibc.read(descriptor, buffer.baseAddress! + total, buffer.count - total)
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
