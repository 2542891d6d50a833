import Foundation

extension ONNXImporter {
    /// The bytes of the file at `path`, through one descriptor: a stream can be read only once,
    /// so a size query and a second open would find it empty or wait forever for its writer.
    /// A regular file over ``maximumFileSize`` is refused before reading; a stream is read up to
    /// the limit, and a byte past it is refused too.
    static func contents(ofFile path: String) throws(ONNXError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadableFile(file: path, reason: "no such file or not accessible") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadableFile(file: path, reason: systemError()) }
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else { throw .unreadableFile(file: path, reason: "it is a directory") }
        let limit = maximumFileSize
        let isRegular = type == S_IFREG
        guard !isRegular || Int(info.st_size) <= limit else {
            throw .unreadableFile(file: path, reason: "\(info.st_size) bytes is larger than the \(limit)-byte limit")
        }
        var bytes = [UInt8](repeating: 0, count: isRegular ? Int(info.st_size) : 1 << 16)
        var filled = 0
        while true {
            if filled == bytes.count {
                if isRegular { break }
                guard filled <= limit else {
                    throw .unreadableFile(file: path, reason: "more than the \(limit)-byte limit arrived")
                }
                bytes.append(contentsOf: [UInt8](repeating: 0, count: min(limit + 1, 2 * filled) - filled))
            }
            let n = bytes.withUnsafeMutableBytes { raw in
                Foundation.read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(file: path, reason: systemError())
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
