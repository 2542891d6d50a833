import Foundation

/// Appends run events as JSON lines to `outputs/<spec>/events.jsonl`.
public final class EventLog: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    public let url: URL

    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
    }

    public func append(_ event: RunEvent) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data((event.jsonLine() + "\n").utf8))
    }

    deinit { try? handle.close() }
}
