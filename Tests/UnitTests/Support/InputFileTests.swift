import Foundation
import ParamRunTestSupport
import Testing

@testable import ParamRunSupport

/// Files a user names are opened once and read whole, whether they are regular files or streams.
@Suite struct InputFileTests {
    @Test func readsARegularFileAndAPipeAlike() throws {
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let folder = try TemporaryDirectory.make("input-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.bin")
        try Data(bytes).write(to: file)
        #expect(try InputFile.contents(atPath: file.path, limit: 1 << 20) == bytes)
        #expect(try StreamFeed.withPipe(bytes) { try InputFile.contents(atPath: $0, limit: 1 << 20) } == bytes)
        #expect(try StreamFeed.withPipe([]) { try InputFile.contents(atPath: $0, limit: 10) } == [])
    }

    @Test func refusesMoreThanTheLimitAndDirectories() throws {
        let folder = try TemporaryDirectory.make("input-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.bin")
        try Data(count: 1001).write(to: file)
        #expect(throws: SupportError.self) { try InputFile.contents(atPath: file.path, limit: 1000) }
        #expect(try InputFile.contents(atPath: file.path, limit: 1001).count == 1001)
        #expect(throws: SupportError.self) {
            try StreamFeed.withPipe([UInt8](repeating: 1, count: 100_000)) {
                try InputFile.contents(atPath: $0, limit: 99_999)
            }
        }
        #expect(throws: SupportError.io(path: folder.path, reason: "is a directory, not a file")) {
            try InputFile.contents(atPath: folder.path, limit: 10)
        }
    }
}
