import Foundation

/// Writes files so that a reader, or a process killed mid-write, never sees a partial file: the
/// bytes go to a temporary file in the same folder, are flushed, and the file is renamed over
/// the target. paramrun's one way of writing a result file.
package enum AtomicFile {
    /// Writes `data` to `url` atomically.
    package static func write(_ data: Data, to url: URL) throws(SupportError) {
        let temporary = temporaryPath(for: url)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw SupportError.io(path: temporary, reason: systemError()) }
        var failure: String?
        data.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count, let base = raw.baseAddress {
                let n = Foundation.write(fd, base + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = systemError()
                    return
                }
                written += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = systemError() }
        close(fd)
        if let failure {
            unlink(temporary)
            throw SupportError.io(path: temporary, reason: failure)
        }
        try commit(temporary: temporary, to: url)
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    package static func write(_ text: String, to url: URL) throws(SupportError) {
        try write(Data(text.utf8), to: url)
    }

    /// Where a file for `url` is written before ``commit(temporary:to:)``: beside it, so the
    /// rename never crosses filesystems, and named by this process, so two writers never share it.
    package static func temporaryPath(for url: URL) -> String {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    }

    /// Renames a finished temporary file over `url`, removing the temporary file on failure.
    package static func commit(temporary: String, to url: URL) throws(SupportError) {
        guard rename(temporary, url.path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw SupportError.io(path: url.path, reason: reason)
        }
    }

    /// The text of the current `errno`.
    package static func systemError() -> String { String(cString: strerror(errno)) }
}
