import Foundation
import ParamRunSupport

/// Each stage's log under `outputs/<spec>/logs/`, opened so that nothing planted there is written through.
extension LocalRunner {
    /// Opens (emptied) the log at `url` for a stage's standard error: its folders must be real
    /// folders below `outputs`, and the log itself a regular file or missing, never a symbolic
    /// link (`O_NOFOLLOW`), a FIFO (which would block the run) or a device.
    static func openLog(_ url: URL, outputs: URL) throws -> FileHandle {
        try Publisher.makeRealFolders(down: url.deletingLastPathComponent(), from: outputs)
        let fd: Int32
        do {
            fd = try AtomicFile.openRegularForWriting(url, flags: O_TRUNC)
        } catch {
            throw RunError.store(path: url.path, message: "cannot write the stage's log: \(error.reason)")
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
