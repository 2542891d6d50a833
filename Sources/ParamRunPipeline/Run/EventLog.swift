import Foundation
import ParamRunSupport

/// Appends run events as JSON lines to `outputs/<spec>/events.jsonl`.
///
/// Each line goes out in one `write` on a descriptor opened with `O_APPEND`, so lines stay whole
/// even when two runs of one spec append to the same file at once.
public final class EventLog: Sendable {
    private let descriptor: Int32
    public let url: URL

    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // O_NOFOLLOW: a symbolic link planted at the log's name is refused, never written through.
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : AtomicFile.systemError()
            throw RunError.store(path: url.path, message: "cannot open the event log: \(reason)")
        }
    }

    public func append(_ event: RunEvent) {
        let line = Array((event.jsonLine() + "\n").utf8)
        line.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // A short write to a regular file means a full disk; the event log is best effort.
            while Foundation.write(descriptor, base, raw.count) < 0 && errno == EINTR {}
        }
    }

    deinit { close(descriptor) }
}
