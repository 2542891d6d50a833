import Foundation

/// Reads and parses JSON files a user names, with a size limit.
///
/// A file over the limit is refused before it is read; a stream (a pipe, `/dev/stdin`) is read up
/// to the limit and refused one byte past it. The path is opened once, so a stream is not lost to
/// a second open. ParamRunStats depends on Foundation only, so this is its own small reader
/// rather than ParamRunSupport's `InputFile`, which it mirrors.
public enum JSONFile {
    /// The largest file read unless a caller asks for more: 256 MiB, far beyond any published
    /// workspace (the largest on HEPData are tens of megabytes).
    public static let defaultMaximumSize = 256 << 20

    /// The bytes of the file at `url`.
    /// - Throws: ``StatsError/unreadableFile(file:reason:)``.
    public static func read(_ url: URL, maximumSize: Int = defaultMaximumSize) throws(StatsError) -> [UInt8] {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadableFile(file: path, reason: "cannot open: \(systemError())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadableFile(file: path, reason: "cannot read: \(systemError())") }
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else { throw .unreadableFile(file: path, reason: "is a directory, not a file") }
        let isRegular = type == S_IFREG
        if isRegular, Int(info.st_size) > maximumSize {
            throw .unreadableFile(
                file: path, reason: "\(info.st_size) bytes is larger than the \(maximumSize)-byte limit")
        }
        var bytes = [UInt8](repeating: 0, count: isRegular ? Int(info.st_size) : min(maximumSize + 1, 1 << 16))
        var filled = 0
        while true {
            if filled == bytes.count {
                if isRegular { break }
                guard filled <= maximumSize else {
                    throw .unreadableFile(file: path, reason: "more than the \(maximumSize)-byte limit arrived")
                }
                bytes.append(contentsOf: repeatElement(0, count: min(maximumSize + 1, 2 * bytes.count) - bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { raw in
                Foundation.read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(file: path, reason: "cannot read: \(systemError())")
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// The JSON document in the file at `url`.
    /// - Throws: ``StatsError/unreadableFile(file:reason:)`` or
    ///   ``StatsError/malformedJSON(file:line:column:reason:)``.
    public static func parse(
        _ url: URL, maximumSize: Int = defaultMaximumSize, maximumDepth: Int = JSONParser.defaultMaximumDepth
    ) throws(StatsError) -> JSONValue {
        try JSONParser.parse(read(url, maximumSize: maximumSize), file: url.path, maximumDepth: maximumDepth)
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}
