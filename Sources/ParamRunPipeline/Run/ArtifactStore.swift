import Foundation
import ParamRunSupport

/// The content-addressed store of finished stage results: `<root>/<key>/`.
///
/// A result becomes visible only by renaming a finished temporary folder into place, and rename is
/// atomic on one filesystem, so a folder named by a key is complete when written. It verifies
/// itself after that: `stage.json` records every file's size and SHA-256, and an entry is checked
/// before a run uses or publishes it. A damaged entry is moved aside to `.corrupt/` and computed
/// again; a folder without `stage.json` is an incomplete leftover and is replaced.
public struct ArtifactStore: Sendable {
    /// The store's folder, which holds one folder per key.
    public let root: URL

    package static let metadataFile = "stage.json"

    /// A store in `root`.
    public init(root: URL) {
        self.root = root
    }

    /// `outputs/.store` under an outputs folder.
    public init(outputs: URL) {
        self.init(root: outputs.appendingPathComponent(".store"))
    }

    /// The folder of an entry, whether or not it exists.
    public func directory(for key: String) -> URL {
        root.appendingPathComponent(key)
    }

    /// Whether a finished entry is there (its `stage.json` exists); ``check(_:thorough:)`` says
    /// whether it is intact.
    public func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: directory(for: key).appendingPathComponent(Self.metadataFile).path)
    }

    /// The record of a finished entry; throws ``RunError/store(path:message:)`` when it is missing or unreadable.
    public func metadata(for key: String) throws -> StageMetadata {
        let url = directory(for: key).appendingPathComponent(Self.metadataFile)
        do {
            return try JSONCoding.read(StageMetadata.self, from: url)
        } catch {
            throw RunError.store(
                path: url.path, message: "unreadable stage record (\(Excerpt.value(String(describing: error))))")
        }
    }

    /// What a look at an entry found.
    public enum EntryState: Equatable, Sendable {
        case missing
        /// A folder without a readable `stage.json`: a leftover that blocks nothing once moved aside.
        case incomplete(reason: String)
        case intact
        /// Written by an older paramrun without checksums: its key can never match this version's
        /// stages (the format version is part of every key), so it is never reused.
        case stale(toolVersion: String)
        /// A file that is missing, of the wrong size, or whose content hash differs.
        case corrupt(file: String, reason: String)
    }

    /// Checks an entry against its record: sizes always; contents too when `thorough`, which
    /// reads every byte (about 170 MB/s here), so a run does it once per entry it uses.
    public func check(_ key: String, thorough: Bool = true) -> EntryState {
        let folder = directory(for: key)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return .missing }
        guard isDirectory.boolValue else { return .incomplete(reason: "not a folder") }
        guard contains(key) else { return .incomplete(reason: "no \(Self.metadataFile)") }
        let record: StageMetadata
        do {
            record = try metadata(for: key)
        } catch {
            return .corrupt(file: Self.metadataFile, reason: "cannot be read: \(error)")
        }
        guard let artifacts = record.artifacts else { return .stale(toolVersion: record.toolVersion) }
        guard record.key == key else {
            return .corrupt(file: Self.metadataFile, reason: "records key \(record.key), not the folder's")
        }
        let files = Set(Self.files(in: folder))
        for (name, expected) in artifacts.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(name)
            guard files.contains(name) else { return .corrupt(file: name, reason: "is missing") }
            let size =
                (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? -1
            guard size == expected.size else {
                return .corrupt(file: name, reason: "has \(size) bytes, the record says \(expected.size)")
            }
            guard thorough else { continue }
            guard let digest = try? SHA256.hex(contentsOf: url) else {
                return .corrupt(file: name, reason: "cannot be read")
            }
            guard digest == expected.sha256 else {
                return .corrupt(file: name, reason: "its SHA-256 differs from the record")
            }
        }
        if let extra = files.subtracting(artifacts.keys).sorted().first {
            return .corrupt(file: extra, reason: "is not in the record")
        }
        return .intact
    }

    /// Moves a damaged or incomplete entry to `.corrupt/`, where it can be inspected, and out
    /// of the way of the stage that will compute it again. Returns where it went.
    @discardableResult
    package func quarantine(_ key: String) throws -> URL {
        let aside = root.appendingPathComponent(".corrupt")
            .appendingPathComponent("\(key).\(Int(Date().timeIntervalSince1970)).\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: aside.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(directory(for: key).path, aside.path) == 0 else {
            throw RunError.store(
                path: directory(for: key).path, message: "cannot move aside: \(AtomicFile.systemError())")
        }
        return aside
    }

    /// The checksums of every file under `folder` except `stage.json`, for its record.
    package static func checksums(of folder: URL) throws -> [String: ArtifactChecksum] {
        var result: [String: ArtifactChecksum] = [:]
        for name in files(in: folder) where name != metadataFile {
            let url = folder.appendingPathComponent(name)
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
            result[name] = ArtifactChecksum(size: size, sha256: try SHA256.hex(contentsOf: url))
        }
        return result
    }

    /// Regular files under `folder`, as paths relative to it, `stage.json` left out.
    static func files(in folder: URL) -> [String] {
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue && name != metadataFile
        }
    }

    /// A folder that survives a crash, where a stage keeps what lets it resume (training checkpoints).
    package func resumeDirectory(for key: String) throws -> URL {
        let url = root.appendingPathComponent(".resume").appendingPathComponent(key)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh, private folder for a stage to write its result into before ``commit(_:key:metadata:)``.
    package func makeWorkspace(for key: String) throws -> URL {
        // Host and process in the name: the store may be shared with cluster nodes, and only this
        // host can tell whether one of its own processes is gone.
        let url = root.appendingPathComponent(".tmp")
            .appendingPathComponent(
                "\(key).\(Self.host).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Publishes a finished workspace under its key, with the checksums of everything in it. If
    /// another process published the same key first, its result stands (equal keys mean equal
    /// results) and this workspace is dropped; a leftover folder without a record is replaced.
    package func commit(_ workspace: URL, key: String, metadata: StageMetadata) throws {
        var record = metadata
        record.artifacts = try Self.checksums(of: workspace)
        try JSONCoding.write(record, to: workspace.appendingPathComponent(Self.metadataFile))
        let destination = directory(for: key)
        if case .incomplete = check(key, thorough: false) { try quarantine(key) }
        if rename(workspace.path, destination.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: workspace)
            // ENOTEMPTY/EEXIST: a finished copy is already there.
            guard code == ENOTEMPTY || code == EEXIST, contains(key) else {
                throw RunError.store(
                    path: destination.path, message: "cannot store result: \(String(cString: strerror(code)))")
            }
        }
        try? FileManager.default.removeItem(at: root.appendingPathComponent(".resume").appendingPathComponent(key))
    }

    /// This machine's name, with dots removed so it can sit between the dots of a workspace name.
    static let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: ".", with: "-")

    /// Takes a finished result out of the store, for `--force`: under the stage's lock, so no run
    /// is reading it, and by a rename first, so a kill half-way never leaves a partial folder
    /// that still looks finished.
    package func discard(_ key: String) {
        guard let lock = try? FileLock(root.appendingPathComponent(".locks").appendingPathComponent("\(key).lock")),
            (try? lock.acquire()) != nil
        else { return }
        defer { lock.release() }
        let aside = root.appendingPathComponent(".tmp").appendingPathComponent(
            "\(key).discarded.\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(
            at: aside.deletingLastPathComponent(), withIntermediateDirectories: true)
        if rename(directory(for: key).path, aside.path) == 0 {
            try? FileManager.default.removeItem(at: aside)
        }
    }

    /// Removes temporary folders whose process is gone; those of live processes are left alone.
    package func removeAbandonedWorkspaces() {
        let tmp = root.appendingPathComponent(".tmp")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return }
        for name in names {
            let parts = name.split(separator: ".")
            guard parts.count >= 4, parts[parts.count - 3] == Self.host, let pid = Int32(parts[parts.count - 2]) else {
                continue
            }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
    }

    /// Every entry folder in the store (named by a key), for `paramrun verify`.
    public func allKeys() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }
}
