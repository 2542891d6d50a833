import Foundation
import Synchronization

/// An exclusive advisory lock on a file (`flock`), held by one process at a time.
///
/// The kernel drops it when the process dies, even by SIGKILL, so a crashed run never leaves a
/// stage locked.
package final class FileLock: Sendable {
    package let url: URL
    /// The open lock file while the lock is held; -1 otherwise.
    private let descriptor = Mutex<Int32>(-1)

    package init(_ url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    }

    /// Blocks until the lock is ours.
    package func acquire() throws(SupportError) {
        let fd = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SupportError.io(path: url.path, reason: "cannot lock: \(AtomicFile.systemError())") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = AtomicFile.systemError()
                close(fd)
                throw SupportError.io(path: url.path, reason: "cannot lock: \(reason)")
            }
        }
        descriptor.withLock { $0 = fd }
    }

    /// Gives the lock up; harmless when not held.
    package func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
