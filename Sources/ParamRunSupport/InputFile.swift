import Foundation

/// Reads a file a user names, whatever it is: a regular file, or a stream such as a pipe, a FIFO,
/// `/dev/stdin` or a process substitution (`<(gunzip -c x.gz)`).
///
/// The path is opened once and read to its end. A stream can be read only once, so anything
/// that opened it twice (a peek for a magic number, then the real read; a size query, then the
/// read) would lose the bytes the first open consumed, or wait forever for a writer that has
/// gone. A stream has no size to check beforehand, so it is read up to the caller's `limit`, and
/// one byte past it is an error rather than a silent truncation.
package enum InputFile {
    /// The whole of the file at `path`, read through one descriptor; more than `limit` bytes,
    /// or a directory, is refused with an error naming the file.
    package static func contents(atPath path: String, limit: Int) throws(SupportError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, reason: "cannot open: \(AtomicFile.systemError())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, reason: "cannot read: \(AtomicFile.systemError())") }
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else { throw .io(path: path, reason: "is a directory, not a file") }
        let isRegular = type == S_IFREG
        if isRegular, Int(info.st_size) > limit {
            throw .io(path: path, reason: "\(info.st_size) bytes is larger than the \(limit)-byte limit")
        }
        // A regular file is read to its size; a stream in chunks, until its end or past the limit.
        var bytes = [UInt8](repeating: 0, count: isRegular ? Int(info.st_size) : min(limit + 1, 1 << 16))
        var filled = 0
        while true {
            if filled == bytes.count {
                if isRegular { break }
                guard filled <= limit else {
                    throw .io(path: path, reason: "more than the \(limit)-byte limit arrived through the stream")
                }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: min(limit + 1, 2 * bytes.count) - bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { raw in
                Foundation.read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: "cannot read: \(AtomicFile.systemError())")
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
