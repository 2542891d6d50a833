import Foundation
import ParamRunSupport

/// Each stage's log under `outputs/<spec>/logs/`, opened so that nothing planted there is written through.
extension LocalRunner {
    /// Opens (emptied) the log at `url` for a stage's standard error: its folders must be real
    /// folders below `outputs`, and the log itself a regular file or missing, never a symbolic
    /// link (`O_NOFOLLOW`), a FIFO (which would block the run) or a device.
    static func openLog(_ url: URL, outputs: URL) throws -> FileHandle {
        try Publisher.makeRealFolders(down: url.deletingLastPathComponent(), from: outputs)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : AtomicFile.systemError()
            throw RunError.store(path: url.path, message: "cannot write the stage's log: \(reason)")
        }
        var info = stat()
        if fstat(fd, &info) != 0 || (info.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            let kind = AtomicFile.specialKind(info.st_mode) ?? "not a regular file"
            throw RunError.store(path: url.path, message: "cannot write the stage's log: it is \(kind)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
