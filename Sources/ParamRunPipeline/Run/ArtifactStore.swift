import Foundation
import ParamRunData
import ParamRunMetrics
import ParamRunNN
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// The content-addressed store of finished stage results: `<root>/<key>/`.
///
/// A result becomes visible only by renaming a finished temporary folder into place, and rename is
/// atomic on one filesystem, so a folder named by a key is always complete: a killed run leaves
/// only temporary folders behind, which are never taken for results.
public struct ArtifactStore: Sendable {
    public let root: URL

    public static let metadataFile = "stage.json"

    public init(root: URL) {
        self.root = root
    }

    /// `outputs/.store` under an outputs folder.
    public init(outputs: URL) {
        self.init(root: outputs.appendingPathComponent(".store"))
    }

    public func directory(for key: String) -> URL {
        root.appendingPathComponent(key)
    }

    public func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: directory(for: key).appendingPathComponent(Self.metadataFile).path)
    }

    public func metadata(for key: String) throws -> StageMetadata {
        let url = directory(for: key).appendingPathComponent(Self.metadataFile)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(StageMetadata.decodeDate)
        return try decoder.decode(StageMetadata.self, from: Data(contentsOf: url))
    }

    /// A folder that survives a crash, where a stage keeps what lets it resume (training checkpoints).
    public func resumeDirectory(for key: String) throws -> URL {
        let url = root.appendingPathComponent(".resume").appendingPathComponent(key)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh, private folder for a stage to write its result into before ``commit(_:key:metadata:)``.
    public func makeWorkspace(for key: String) throws -> URL {
        // Host and process in the name: the store may be shared with cluster nodes, and only this
        // host can tell whether one of its own processes is gone.
        let url = root.appendingPathComponent(".tmp")
            .appendingPathComponent("\(key).\(Self.host).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Publishes a finished workspace under its key. If another process published the same key
    /// first, its result stands (equal keys mean equal results) and this workspace is dropped.
    public func commit(_ workspace: URL, key: String, metadata: StageMetadata) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom(StageMetadata.encodeDate)
        try encoder.encode(metadata).write(to: workspace.appendingPathComponent(Self.metadataFile))
        let destination = directory(for: key)
        if rename(workspace.path, destination.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: workspace)
            // ENOTEMPTY/EEXIST: a finished copy is already there.
            guard code == ENOTEMPTY || code == EEXIST, contains(key) else {
                throw RunError.store(path: destination.path, message: String(cString: strerror(code)))
            }
        }
        try? FileManager.default.removeItem(at: root.appendingPathComponent(".resume").appendingPathComponent(key))
    }

    /// This machine's name, with dots removed so it can sit between the dots of a workspace name.
    static let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: ".", with: "-")

    /// Takes a finished result out of the store, for `--force`: under the stage's lock, so no run
    /// is reading it, and by a rename first, so a kill half-way never leaves a partial folder
    /// that still looks finished.
    public func discard(_ key: String) {
        guard let lock = try? FileLock(root.appendingPathComponent(".locks").appendingPathComponent("\(key).lock")),
              (try? lock.acquire()) != nil else { return }
        defer { lock.release() }
        let aside = root.appendingPathComponent(".tmp").appendingPathComponent("\(key).discarded.\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: aside.deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(directory(for: key).path, aside.path) == 0 {
            try? FileManager.default.removeItem(at: aside)
        }
    }

    /// Removes temporary folders whose process is gone; those of live processes are left alone.
    public func removeAbandonedWorkspaces() {
        let tmp = root.appendingPathComponent(".tmp")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return }
        for name in names {
            let parts = name.split(separator: ".")
            guard parts.count >= 4, parts[parts.count - 3] == Self.host, let pid = Int32(parts[parts.count - 2]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
    }
}
