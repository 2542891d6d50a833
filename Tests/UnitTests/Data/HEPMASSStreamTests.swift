import Foundation
import ParamRunTestSupport
import Testing

@testable import ParamRunData

/// A HEPMASS file through a pipe, plain or gzip, is opened once and read as it comes, to the
/// same table as the file itself.
@Suite struct HEPMASSStreamTests {
    @Test func eventsComeThroughAPipeGzippedOrNot() throws {
        let folder = try TemporaryDirectory.make("input-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = "# label,x,mass\n" + (0..<5000).map { "\($0 % 2),\(Double($0) / 100),500\n" }.joined()
        let gz = folder.appendingPathComponent("e.csv.gz")
        let descriptor = open(gz.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        let writer = try GzipWriter(descriptor: descriptor, path: gz.path)
        try Array(csv.utf8).withUnsafeBytes { try writer.write($0) }
        try writer.close()
        let fromFile = try HEPMASSReader.read(gz)
        #expect(fromFile.count == 5000)
        for bytes in [Array(csv.utf8), [UInt8](try Data(contentsOf: gz))] {
            let table = try StreamFeed.withPipe(bytes) { try HEPMASSReader.read(URL(fileURLWithPath: $0)) }
            #expect(table.features == fromFile.features)
            #expect(table.labels == fromFile.labels)
            #expect(table.theta == fromFile.theta)
        }
    }
}
