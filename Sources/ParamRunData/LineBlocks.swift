import Foundation
import Synchronization

/// A run of whole lines: `bytes[start...]`.
struct Block: Sendable {
    var bytes: [UInt8]
    var start: Int = 0
}

/// Cuts a byte stream into blocks that end at a newline (or at the end of the data).
final class LineBlocks {
    private let source: ByteSource
    private let path: String
    private var blockSize: Int
    private var carry: [UInt8] = []
    private var done = false
    /// Buffers the consumer hands back for reuse, shared with the producer thread.
    private let spare = Mutex<[[UInt8]]>([])

    init(source: ByteSource, path: String, blockSize: Int) {
        self.source = source
        self.path = path
        self.blockSize = blockSize
    }

    func next() throws -> Block? {
        if done { return nil }
        var buffer = spare.withLock { $0.popLast() } ?? []
        let size = max(blockSize, carry.count * 2)
        if buffer.isEmpty {
            buffer = [UInt8](repeating: 0, count: size)
        } else if buffer.count < size {
            buffer.append(contentsOf: [UInt8](repeating: 0, count: size - buffer.count))
        } else if buffer.count > size {
            buffer.removeSubrange(size...)
        }
        buffer.replaceSubrange(0..<carry.count, with: carry)
        var filled = carry.count
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            filled += n
            if n == 0 {
                done = true
                carry = []
                if filled == 0 { return nil }
                buffer.removeSubrange(filled...)
                return Block(bytes: buffer)
            }
            if filled < buffer.count { continue }
            if let cut = buffer.lastIndex(of: 0x0A) {
                carry = Array(buffer[(cut + 1)...])
                buffer.removeSubrange((cut + 1)...)
                return Block(bytes: buffer)
            }
            // A line longer than the block: grow and keep reading.
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
    }
}

extension LineBlocks {
    /// Returns a parsed block's storage for reuse.
    func recycle(_ block: Block) {
        spare.withLock { pool in
            if pool.count < 4 { pool.append(block.bytes) }
        }
    }
}

/// Produces blocks on a background thread (gzip inflation), at most two ahead of the consumer.
///
/// `@unchecked Sendable` for `blocks` alone: after `init` only the producer thread reads from it
/// (the consumer only recycles buffers, through its own mutex); the queue lives in a mutex.
final class Prefetcher: @unchecked Sendable {
    private let blocks: LineBlocks
    private struct State {
        var queue: [Result<Block?, any Error>] = []
        var cancelled = false
    }
    private let state = Mutex(State())
    private let filled = DispatchSemaphore(value: 0)
    // Starts at 0 and is signalled up: libdispatch traps if a semaphore is freed below its initial value.
    private let free = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(_ blocks: LineBlocks) {
        self.blocks = blocks
        free.signal()
        free.signal()
        let thread = Thread { [self] in self.produce() }
        thread.start()
    }

    private func produce() {
        defer { finished.signal() }
        while true {
            free.wait()
            if state.withLock({ $0.cancelled }) { return }
            let item: Result<Block?, any Error>
            do { item = .success(try blocks.next()) } catch { item = .failure(error) }
            state.withLock { $0.queue.append(item) }
            filled.signal()
            if case .success(let b) = item, b != nil { continue }
            return
        }
    }

    func next() throws -> Block? {
        filled.wait()
        let item = state.withLock { $0.queue.removeFirst() }
        free.signal()
        return try item.get()
    }

    /// Stops the producer early (after an error) and waits for it, so the source is not read concurrently.
    func cancel() {
        state.withLock { $0.cancelled = true }
        free.signal()
        finished.wait()
    }
}
