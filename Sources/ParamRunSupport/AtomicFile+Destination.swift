import Foundation

/// What ``AtomicFile`` refuses to replace: anything but a regular file, and any input.
extension AtomicFile {
    /// Refuses a destination that exists and is not a regular file (a symbolic link, a device,
    /// a FIFO, a socket, a folder), or that is the same file as one of `inputs` (by device and
    /// inode, so another path, a hard link or a link to it is caught too). A missing one is fine.
    package static func checkDestination(_ url: URL, inputs: [URL] = []) throws(SupportError) {
        var target = stat()
        guard lstat(url.path, &target) == 0 else {
            if errno == ENOENT { return }
            throw SupportError.io(path: url.path, reason: systemError())
        }
        if let kind = specialKind(target.st_mode) {
            throw SupportError.refusedDestination(path: url.path, reason: "it is \(kind), not a regular file")
        }
        for input in inputs {
            var source = stat()
            guard stat(input.path, &source) == 0 else { continue }
            if source.st_dev == target.st_dev && source.st_ino == target.st_ino {
                throw SupportError.refusedDestination(
                    path: url.path, reason: "it is the input file \(Excerpt.value(input.path))")
            }
        }
    }

    /// Opens `url` for writing in place (`O_TRUNC` or `O_APPEND` in `flags`), creating it if
    /// missing, and returns a blocking descriptor the caller closes. Only a regular file is
    /// opened: a symbolic link (`O_NOFOLLOW`) is refused, never written through, and a FIFO
    /// (opened non-blocking, so it cannot wait for a reader), a device or a socket is refused by
    /// its type. The error's reason says which (`it is a FIFO`).
    package static func openRegularForWriting(_ url: URL, flags: Int32) throws(SupportError) -> Int32 {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | flags, 0o644)
        guard fd >= 0 else {
            let reason =
                errno == ENXIO ? "it is a FIFO" : errno == ELOOP ? "it is a symbolic link" : systemError()
            throw .refusedDestination(path: url.path, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, specialKind(info.st_mode) == nil else {
            close(fd)
            throw .refusedDestination(path: url.path, reason: "it is \(specialKind(info.st_mode) ?? "unreadable")")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// What a file of `mode` is, in words, when it is not a regular file.
    package static func specialKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a plain file"
        }
    }
}
