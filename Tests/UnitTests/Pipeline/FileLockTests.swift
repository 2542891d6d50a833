import Foundation
import ParamRunSupport
import ParamRunTestSupport
import Testing

@Suite struct FileLockTests {
    @Test func aSecondHolderWaitsUntilTheFirstReleases() async throws {
        let folder = try TemporaryDirectory.make("lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("x.lock")
        let first = try FileLock(url), second = try FileLock(url)
        try first.acquire()
        let acquired = LockedBox(false)
        let waiter = Task.detached {
            try second.acquire()
            acquired.withLock { $0 = true }
            second.release()
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(acquired.value == false, "flock is exclusive across descriptors")
        first.release()
        try await waiter.value
        #expect(acquired.value)
    }

    @Test func releaseIsHarmlessTwiceAndTheLockIsReusable() throws {
        let folder = try TemporaryDirectory.make("lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lock = try FileLock(folder.appendingPathComponent("nested/y.lock"))
        try lock.acquire()
        lock.release()
        lock.release()
        try lock.acquire()
        lock.release()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("nested/y.lock").path))
    }

    @Test func anUnwritablePlaceIsATypedError() throws {
        let lock = try FileLock(URL(fileURLWithPath: "/proc/paramrun-cannot-lock-here.lock"))
        #expect(throws: SupportError.self) { try lock.acquire() }
    }
}
