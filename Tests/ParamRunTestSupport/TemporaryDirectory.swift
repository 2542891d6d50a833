import Foundation

/// A fresh folder under the system's temporary folder, for one test.
public enum TemporaryDirectory {
    /// Creates `paramrun-<label>-<uuid>`; the caller removes it when done.
    public static func make(_ label: String = "test") throws -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "paramrun-\(safe.prefix(40))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
