import Foundation
import ParamRunSupport

/// Runs a batch system's client tools (sbatch, squeue, scontrol, sacct, condor_submit_dag) and
/// captures what they print, with a time limit: a hung controller must not hang paramrun.
package struct CommandRunner: Sendable {
    package struct Output: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
        package var succeeded: Bool { status == 0 }
    }

    package var timeout: Double

    package init(timeout: Double = 60) {
        self.timeout = timeout
    }

    /// The tool's full path on PATH, or nil.
    package static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `tool` and returns whatever it printed, whatever its exit status.
    package func run(_ tool: String, _ arguments: [String], hint: String = "is the batch system's client installed?")
        throws -> Output
    {
        guard let path = Self.which(tool) else { throw ClusterError.toolMissing(tool: tool, hint: hint) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes are drained at once: a tool that fills one while we wait on the other would block.
        let group = DispatchGroup()
        let errData = LockedBox(Data())
        DispatchQueue.global().async(group: group) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
        }
        let deadline = DispatchTime.now() + timeout
        let timer = DispatchSource.makeTimerSource(queue: .global())
        let killed = LockedBox(false)
        timer.schedule(deadline: deadline)
        timer.setEventHandler {
            if process.isRunning {
                killed.withLock { $0 = true }
                process.terminate()
            }
        }
        timer.resume()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        let command = Self.describe(tool, arguments)
        if killed.value { throw ClusterError.timedOut(command: command, seconds: timeout) }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Runs `tool` and throws, naming the command and its stderr, unless it succeeded.
    package func check(_ tool: String, _ arguments: [String], hint: String = "is the batch system's client installed?")
        throws -> Output
    {
        let output = try run(tool, arguments, hint: hint)
        guard output.succeeded else {
            throw ClusterError.commandFailed(
                command: Self.describe(tool, arguments), status: output.status, stderr: output.stderr)
        }
        return output
    }

    static func describe(_ tool: String, _ arguments: [String]) -> String {
        ([tool] + arguments).map(JobScript.shellQuoteIfNeeded).joined(separator: " ")
    }
}
