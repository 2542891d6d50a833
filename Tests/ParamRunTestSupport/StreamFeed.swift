import Foundation

/// Feeds bytes to code under test through a real pipe, as a shell's `|` or `<(…)` would.
public enum StreamFeed {
    /// A pipe whose read end is named `/dev/fd/N`, as a process substitution is; `bytes` are written
    /// from another thread, so a pipe's buffer never blocks the test.
    public static func withPipe<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CocoaError(.fileReadUnknown) }
        let writer = fds[1]
        let done = DispatchSemaphore(value: 0)
        Thread {
            bytes.withUnsafeBytes { raw in
                var written = 0
                while written < raw.count {
                    let n = write(writer, raw.baseAddress! + written, raw.count - written)
                    if n <= 0 { break }
                    written += n
                }
            }
            close(writer)
            done.signal()
        }.start()
        defer {
            close(fds[0])
            done.wait()
        }
        return try body("/dev/fd/\(fds[0])")
    }
}
