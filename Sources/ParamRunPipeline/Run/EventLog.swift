import Foundation
import ParamRunSupport

/// Appends run events as JSON lines to `outputs/<spec>/events.jsonl`.
///
/// Each line goes out in one `write` on a descriptor opened with `O_APPEND`, so lines stay whole
/// even when two runs of one spec append to the same file at once.
package final class EventLog: Sendable {
    private let descriptor: Int32
    package let url: URL

    package init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Non-blocking, so a FIFO put in the log's place gives an error here instead of waiting
        // forever for a reader; the type check then refuses it, or a device, even with a reader.
        // O_NOFOLLOW: a symbolic link planted at the log's name is refused, never written through.
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            let reason =
                errno == ENXIO ? "it is a FIFO" : errno == ELOOP ? "it is a symbolic link" : AtomicFile.systemError()
            throw RunError.store(path: url.path, message: "cannot open the event log: \(reason)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw RunError.store(
                path: url.path, message: "the event log is not a regular file (a FIFO, device or socket); remove it")
        }
        descriptor = fd
    }

    package func append(_ event: RunEvent) {
        let line = Array((event.jsonLine() + "\n").utf8)
        line.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // A short write to a regular file means a full disk; the event log is best effort.
            while Foundation.write(descriptor, base, raw.count) < 0 && errno == EINTR {}
        }
    }

    deinit { close(descriptor) }
}
