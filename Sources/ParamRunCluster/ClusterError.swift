import ParamRunSupport

/// Failures talking to a batch system, each naming what was run and what it said.
package enum ClusterError: Error, CustomStringConvertible, Equatable {
    /// The tool is not on PATH: the batch system's client is not installed here.
    case toolMissing(tool: String, hint: String)
    case commandFailed(command: String, status: Int32, stderr: String)
    case timedOut(command: String, seconds: Double)
    case unexpectedOutput(command: String, output: String)
    case jobsFile(path: String, message: String)
    case waitTimedOut(seconds: Double, live: [String])
    case liveElsewhere(backend: String, jobs: [String])
    /// A path that cannot be written into a job script safely (a newline would start a new line).
    case unsafePath(what: String, path: String, reason: String)
    /// A link or another file planted where a folder for scripts or job logs belongs.
    case notAFolder(path: String, reason: String)

    package var description: String {
        switch self {
        case .unsafePath(let what, let path, let reason):
            return
                "the \(what) \(String(reflecting: Excerpt.value(path))) cannot go into a job script: "
                + "\(reason); move or rename it"
        case .notAFolder(let path, let reason):
            return "cannot write the cluster's scripts and logs under \(path): \(reason)"
        case .toolMissing(let tool, let hint):
            return "\(tool) was not found on PATH; \(hint)"
        case .commandFailed(let command, let status, let stderr):
            let said = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` failed with exit status \(status)" + (said.isEmpty ? "" : ": \(said)")
        case .timedOut(let command, let seconds):
            return "`\(command)` did not answer within \(Int(seconds)) s"
        case .unexpectedOutput(let command, let output):
            return
                "`\(command)` printed something unexpected: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .jobsFile(let path, let message):
            return "\(path): \(message)"
        case .waitTimedOut(let seconds, let live):
            return "gave up waiting after \(Int(seconds)) s; still queued or running: \(live.joined(separator: ", "))"
        case .liveElsewhere(let backend, let jobs):
            return "\(backend) jobs of this spec are still queued or running (\(jobs.joined(separator: ", "))); "
                + "wait for them or cancel them before submitting with another backend"
        }
    }
}
