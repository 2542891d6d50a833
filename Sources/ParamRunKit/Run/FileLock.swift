import Foundation

/// An exclusive advisory lock on a file (`flock`), held by one process at a time.
///
/// The kernel drops it when the process dies, even by SIGKILL, so a crashed run never leaves a
/// stage locked.
public final class FileLock {
    public let url: URL
    private var descriptor: Int32 = -1

    public init(_ url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    }

    /// Blocks until the lock is ours.
    public func acquire() throws {
        descriptor = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw RunError.store(path: url.path, message: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw RunError.store(path: url.path, message: String(cString: strerror(errno))) }
        }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
