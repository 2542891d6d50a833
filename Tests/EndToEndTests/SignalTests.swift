import Foundation
import ParamRunTestSupport
import Testing

/// `paramrun run` under SIGTERM and SIGINT, as `kill`, `timeout` and batch schedulers send them:
/// the stages stop, the run exits 130 within seconds, no stage process is left, what finished is
/// kept for the next run; and the stages run at the runner's niceness.
@Suite(.serialized) struct SignalTests {
    static let slowSpec = Binary.fixtures.appendingPathComponent("specs/run/toy-slow.yaml").path

    /// A `paramrun run` started under `nice -n 5`, its output going to files.
    struct Started {
        let process: Process
        let outputs: URL
        let scratch: URL

        var pid: Int32 { process.processIdentifier }

        func events() -> String {
            (try? String(contentsOf: outputs.appendingPathComponent("toy-slow/events.jsonl"), encoding: .utf8)) ?? ""
        }

        func output(_ name: String) -> String {
            (try? String(contentsOf: scratch.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }

        /// Kills a run a failed expectation left behind, and removes its folders.
        func discard() {
            if process.isRunning { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(at: outputs)
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    func start() throws -> Started {
        let outputs = try TemporaryDirectory.make("signal"), scratch = try TemporaryDirectory.make("signal-out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = ["-n", "5", Binary.url.path, "run", Self.slowSpec, "--outputs", outputs.path]
        for name in ["stdout", "stderr"] {
            _ = FileManager.default.createFile(atPath: scratch.appendingPathComponent(name).path, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: scratch.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: scratch.appendingPathComponent("stderr"))
        try process.run()
        let started = Started(process: process, outputs: outputs, scratch: scratch)
        // Until the training is under way: its first epoch is in the event log.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, !started.events().contains("\"event\":\"epoch\"") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        return started
    }

    /// The `paramrun stage` processes `pid` started, from /proc.
    func stageChildren(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task -> [Int32] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// A process's niceness: field 19 of /proc/PID/stat, counted after the command's parenthesis.
    func niceness(of pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 16 ? Int(fields[16]) : nil
    }

    func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    func isGone(_ pid: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func sigtermStopsTheStagesExits130AndTheNextRunResumes() throws {
        let run = try start()
        defer { run.discard() }
        let children = stageChildren(of: run.pid)
        #expect(!children.isEmpty)
        // A stage keeps the niceness the run was started with.
        for child in children { #expect(niceness(of: child) == 5, "stage process \(child)") }

        kill(run.pid, SIGTERM)
        #expect(waitForExit(run.process, seconds: 15), "paramrun run ignored SIGTERM")
        #expect(run.process.terminationStatus == 130)
        for child in children { #expect(isGone(child), "stage process \(child) outlived the run") }
        #expect(run.output("stderr").contains("SIGTERM received: stopping the running stages"))
        #expect(run.output("stdout").contains("interrupted by a signal"))
        // No half-written workspace is left in the store.
        let tmp = run.outputs.appendingPathComponent(".store/.tmp")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []).isEmpty)

        let lines = run.events().split(separator: "\n").count
        let resumed = try Binary.run(["run", Self.slowSpec, "--outputs", run.outputs.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let cached = run.events().split(separator: "\n").dropFirst(lines).filter {
            $0.contains("\"event\":\"stage-cached\"")
        }
        #expect(cached.contains { $0.contains("\"stage\":\"load/train\"") })
    }

    @Test func aSecondSigintKillsTheStagesAtOnce() throws {
        let run = try start()
        defer { run.discard() }
        let children = stageChildren(of: run.pid)
        kill(run.pid, SIGINT)
        Thread.sleep(forTimeInterval: 0.05)
        kill(run.pid, SIGINT)
        #expect(waitForExit(run.process, seconds: 15), "paramrun run ignored SIGINT")
        #expect(run.process.terminationStatus == 130)
        for child in children { #expect(isGone(child)) }
        let store = run.outputs.appendingPathComponent(".store")
        let entries = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { !$0.hasPrefix(".") }
        for entry in entries {
            #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent("\(entry)/stage.json").path))
        }
    }
}
