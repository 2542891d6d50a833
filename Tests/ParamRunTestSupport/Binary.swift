import Foundation

/// Runs the built `paramrun` executable, as users do.
public enum Binary {
    /// The package root, found from this file's path so tests run from any directory.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// `swift test` builds the executable into the same folder as the test bundle.
    public static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent()
        ]
        for folder in candidates {
            let binary = folder.appendingPathComponent("paramrun")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return packageRoot.appendingPathComponent(".build/debug/paramrun")
    }()

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Whether a signal ended the process (then `status` is the signal's number).
        public var signaled = false
    }

    /// Runs paramrun with `arguments` in `directory`, and waits for it.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        executable: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? url
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        if let environment { process.environment = environment }
        // Files, not pipes: a child that fills a pipe nobody reads yet would block forever.
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8),
            signaled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs paramrun with `arguments` in `directory` under `ulimit -v` of `memoryKiB` and a
    /// `timeout` of `seconds` (then SIGKILL two seconds later), as the fuzzers run each mutant.
    /// timeout re-raises the signal that ended paramrun, so a crash shows as ``Result/signaled``.
    public static func runLimited(
        _ arguments: [String], in directory: URL? = nil, memoryKiB: Int, seconds: Int
    ) throws -> Result {
        let script = "ulimit -v \(memoryKiB); exec timeout -k 2 \(seconds) \"$@\""
        return try run(
            ["-c", script, "sh", url.path] + arguments, in: directory, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    public static func temporaryDirectory() throws -> URL {
        try TemporaryDirectory.make("binary")
    }

    /// A sibling executable built beside the test bundle (`paramrun-bench`, say).
    public static func sibling(_ name: String) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(name)
    }
}
