import Foundation
@testable import ParamRunData
import ParamRunTestSupport

/// Locations of fixture files and scratch directories for the data tests.
enum DataFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = root.appendingPathComponent("Fixtures/data")
    static let project = root.deletingLastPathComponent()

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// A fresh, empty temporary directory.
    static func scratch(_ name: String = #function) -> URL {
        // A test without a folder to write to cannot run: failing loudly here is the point.
        try! TemporaryDirectory.make("data-\(name)")
    }

    /// The fields of a fixture's data lines, parsed by the standard library.
    static func expectedRows(_ name: String) throws -> [[Float]] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { $0.split(separator: ",").map { Float(String($0).trimmingCharacters(in: .whitespacesAndNewlines))! } }
    }

    /// Reading `name` must fail; returns the error.
    static func failure(_ body: () throws -> Any) -> DataError? {
        do {
            _ = try body()
            return nil
        } catch let error as DataError {
            return error
        } catch {
            return nil
        }
    }
}
