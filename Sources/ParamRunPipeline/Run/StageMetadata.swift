import Foundation

/// One result file's size and content hash, as `stage.json` records it.
public struct ArtifactChecksum: Codable, Sendable, Equatable {
    /// The file's size in bytes.
    public var size: Int64
    /// The SHA-256 of the file's content, in lowercase hex.
    public var sha256: String

    package init(size: Int64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }
}

/// What `outputs/.store/<key>/stage.json` records about how a result was made.
public struct StageMetadata: Codable, Sendable, Equatable {
    /// The stage's ID (`train/fixed-1000`).
    public var id: String
    /// The store key the result is filed under.
    public var key: String
    /// The spec file the run was started with.
    public var spec: String
    /// The spec's `name:`.
    public var specName: String
    /// Each input's stage ID and key, so a result can be traced to what it was made from.
    public var inputs: [String: String]
    /// The stage's configuration as canonical JSON, the one its key was made from.
    public var configuration: String
    /// When the stage started.
    public var started: Date
    /// When the stage finished.
    public var finished: Date
    /// The paramrun version that made the result.
    public var toolVersion: String
    /// The BLAS library, kernel and thread count the stage ran with.
    public var blas: String
    /// The threads the stage started with.
    public var threads: Int
    /// The most threads it held while it ran, lent cores included; nil in records written before
    /// elastic threads were recorded.
    public var peakThreads: Int?
    /// The machine the stage ran on.
    public var host: String
    /// Every file of the result (its path inside the entry), with its size and SHA-256, so the
    /// store can tell an intact entry from a truncated or edited one.
    /// Nil in records written before paramrun 0.3's store format.
    public var artifacts: [String: ArtifactChecksum]?

    package init(
        id: String, key: String, spec: String, specName: String, inputs: [String: String],
        configuration: String, started: Date, finished: Date, toolVersion: String, blas: String,
        threads: Int, peakThreads: Int? = nil, host: String, artifacts: [String: ArtifactChecksum] = [:]
    ) {
        self.id = id
        self.key = key
        self.spec = spec
        self.specName = specName
        self.inputs = inputs
        self.configuration = configuration
        self.started = started
        self.finished = finished
        self.toolVersion = toolVersion
        self.blas = blas
        self.threads = threads
        self.peakThreads = peakThreads
        self.host = host
        self.artifacts = artifacts
    }
}
