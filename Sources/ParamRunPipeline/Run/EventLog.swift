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
        // A link, a FIFO (which would block the run until a reader came) or a device planted at
        // the log's name is refused, never written through or waited on.
        let fd: Int32
        do {
            fd = try AtomicFile.openRegularForWriting(url, flags: O_APPEND)
        } catch {
            throw RunError.store(path: url.path, message: "cannot open the event log: \(error.reason)")
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
