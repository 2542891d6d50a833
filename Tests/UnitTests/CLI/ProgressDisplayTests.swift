import Foundation
@testable import ParamRunCLI
import ParamRunPipeline
import ParamRunTestSupport
import Testing

/// Away from a terminal the display writes plain timestamped lines, and `--quiet` only failures.
@Suite struct ProgressDisplayTests {
    /// What the display writes for `events` into a file (never a terminal).
    private func shown(_ events: [RunEvent], quiet: Bool = false, verbose: Bool = false) throws -> [String] {
        let folder = try TemporaryDirectory.make("display")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("out.txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        let display = ProgressDisplay(quiet: quiet, verbose: verbose, output: handle)
        for event in events { display.handle(event) }
        display.finish()
        try handle.close()
        return try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    private static let time = Date(timeIntervalSince1970: 1_700_000_000)

    private static func event(
        _ kind: RunEvent.Kind, _ stage: String? = "train/a",
        _ change: (inout RunEvent) -> Void = { _ in }
    ) -> RunEvent {
        var event = RunEvent(kind, stage: stage, time: time)
        change(&event)
        return event
    }

    static let run: [RunEvent] = [
        event(.stageStarted) { $0.threads = 2 },
        event(.message) { $0.message = "read 100 events" },
        event(.epoch) {
            $0.epoch = 1
            $0.epochs = 4
            $0.loss = 0.5
        },
        event(.threadsChanged) { $0.threads = 3 },
        event(.stageDone) { $0.elapsed = 65 },
        event(.stageFailed, "evaluate/a@1000") {
            $0.message = "boom"
            $0.log = "/o/logs/evaluate/a@1000.log"
        },
        event(.runFinished, nil)
    ]

    @Test func plainLinesAreTimestampedAndSkipMessages() throws {
        #expect(
            try shown(Self.run) == [
                "2023-11-14T22:13:20Z start   train/a (2 threads)",
                "2023-11-14T22:13:20Z         train/a  epoch 1/4  loss 0.5000",
                "2023-11-14T22:13:20Z threads train/a → 3",
                "2023-11-14T22:13:20Z done    train/a in 1:05",
                "2023-11-14T22:13:20Z FAILED  evaluate/a@1000: boom",
                "        log: /o/logs/evaluate/a@1000.log"
            ])
    }

    @Test func verboseAlsoShowsMessagesAndQuietOnlyFailures() throws {
        #expect(try shown(Self.run, verbose: true).contains("2023-11-14T22:13:20Z         train/a  read 100 events"))
        #expect(
            try shown(Self.run, quiet: true)
                == ["FAILED  evaluate/a@1000: boom", "        log: /o/logs/evaluate/a@1000.log"])
    }
}
