import Foundation

/// Writes files so that a reader, or a process killed mid-write, never sees a partial file: the
/// bytes go to a temporary file in the same folder, are flushed, and the file is renamed over
/// the target. paramrun's one way of writing a result file, a file a user names (`-o`) or one it
/// publishes: the destination is checked first (``checkDestination(_:inputs:)``), so a rename
/// never replaces a link, a device, a FIFO, a socket, a folder or the file being read.
package enum AtomicFile {
    /// Writes `data` to `url` atomically; `inputs` are the files the data was read from.
    package static func write(_ data: Data, to url: URL, inputs: [URL] = []) throws(SupportError) {
        try checkDestination(url, inputs: inputs)
        let (temporary, fd) = try createTemporary(for: url)
        var failure: String?
        data.withUnsafeBytes { raw in
            if let base = raw.baseAddress { failure = writeAll(fd, base, raw.count) }
        }
        if failure == nil, fsync(fd) != 0 { failure = systemError() }
        close(fd)
        if let failure {
            unlink(temporary)
            throw SupportError.io(path: temporary, reason: failure)
        }
        try commit(temporary: temporary, to: url, inputs: inputs)
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    package static func write(_ text: String, to url: URL, inputs: [URL] = []) throws(SupportError) {
        try write(Data(text.utf8), to: url, inputs: inputs)
    }

    /// Copies the regular file `source` to `url` atomically, a megabyte at a time.
    package static func copy(from source: URL, to url: URL) throws(SupportError) {
        try checkDestination(url, inputs: [source])
        let input = open(source.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw SupportError.io(path: source.path, reason: systemError()) }
        defer { close(input) }
        let (temporary, fd) = try createTemporary(for: url)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var failure: String?
        while failure == nil {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = "\(source.path): \(systemError())" }
            if n <= 0 { break }
            failure = buffer.withUnsafeBytes { writeAll(fd, $0.baseAddress!, n) }
        }
        if failure == nil, fsync(fd) != 0 { failure = systemError() }
        close(fd)
        if let failure {
            unlink(temporary)
            throw SupportError.io(path: url.path, reason: failure)
        }
        try commit(temporary: temporary, to: url, inputs: [source])
    }

    /// Where a file for `url` is written before ``commit(temporary:to:inputs:)``: beside it, so
    /// the rename never crosses filesystems, and named by this process, so two writers never share it.
    package static func temporaryPath(for url: URL) -> String {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    }

    /// Creates the temporary file for `url`, opened for writing: never through a link planted at
    /// its name, and fresh (a leftover of an earlier process with this ID is removed first).
    package static func createTemporary(for url: URL) throws(SupportError) -> (path: String, descriptor: Int32) {
        let temporary = temporaryPath(for: url)
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var fd = open(temporary, flags, 0o644)
        if fd < 0 && errno == EEXIST {
            unlink(temporary)
            fd = open(temporary, flags, 0o644)
        }
        // Named by the destination: a missing or unwritable folder is the user's path, not ours.
        guard fd >= 0 else { throw SupportError.io(path: url.path, reason: systemError()) }
        return (temporary, fd)
    }

    /// Renames a finished temporary file over `url`, removing the temporary file on failure; the
    /// destination is checked again just before, as it may have changed while the file was written.
    package static func commit(temporary: String, to url: URL, inputs: [URL] = []) throws(SupportError) {
        do {
            try checkDestination(url, inputs: inputs)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw SupportError.io(path: url.path, reason: reason)
        }
    }

    /// The text of the current `errno`.
    package static func systemError() -> String { String(cString: strerror(errno)) }

    /// Writes `count` bytes, retrying short and interrupted writes; the error's text, or nil.
    private static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> String? {
        var written = 0
        while written < count {
            let n = Foundation.write(fd, base + written, count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return systemError()
            }
            written += n
        }
        return nil
    }
}
