import Foundation
import ParamRunPipeline
import Synchronization

/// Shows a run's progress: on a terminal one live line per running stage; elsewhere plain
/// timestamped lines, so logs of batch jobs and CI stay readable.
final class ProgressDisplay: Sendable {
    enum Mode: Sendable { case live, plain, quiet }

    private let screen: Mutex<Screen>

    /// Chooses live lines when `output` is a terminal, unless told to be quiet.
    init(quiet: Bool, verbose: Bool, output: FileHandle = .standardError) {
        let mode: Mode = quiet ? .quiet : isatty(output.fileDescriptor) == 1 ? .live : .plain
        screen = Mutex(Screen(mode: mode, verbose: verbose, output: output))
        guard mode == .live else { return }
        // Redraw every second so elapsed times move during a long epoch too.
        screen.withLock { screen in
            screen.startTicker { [weak self] in self?.screen.withLock { $0.tick() } }
        }
    }

    deinit { screen.withLock { $0.stopTicker() } }

    func handle(_ event: RunEvent) {
        screen.withLock { $0.handle(event) }
    }

    /// Clears the live block so a summary printed next starts on a clean line.
    func finish() {
        screen.withLock { $0.finish() }
    }
}

/// The terminal's state: what the live block shows and how much of it is drawn. Only ever
/// touched inside ``ProgressDisplay``'s mutex.
private final class Screen {
    let mode: ProgressDisplay.Mode
    let verbose: Bool
    let output: FileHandle
    var live: [(stage: String, line: String)] = []
    var started: [String: Date] = [:]
    /// Each running stage's threads as last granted.
    var threads: [String: Int] = [:]
    var drawn = 0
    var lastDraw = Date.distantPast
    var ticker: (any DispatchSourceTimer)?

    init(mode: ProgressDisplay.Mode, verbose: Bool, output: FileHandle) {
        self.mode = mode
        self.verbose = verbose
        self.output = output
    }

    func tick() {
        if !live.isEmpty { redraw() }
    }

    func handle(_ event: RunEvent) {
        switch mode {
        case .quiet:
            if event.event == .stageFailed || event.event == .storeRepaired { write(permanent(event)) }
        case .plain:
            if let text = plainLine(event) { write(Self.timestamp(event.time) + " " + text + "\n") }
        case .live:
            updateLive(event)
        }
    }

    func startTicker(_ handler: @escaping @Sendable () -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler(handler: handler)
        timer.resume()
        ticker = timer
    }

    func stopTicker() {
        ticker?.cancel()
        ticker = nil
    }

    func finish() {
        stopTicker()
        if mode == .live {
            live.removeAll()
            clearBlock()
        }
    }

    private func plainLine(_ event: RunEvent) -> String? {
        let stage = event.stage ?? ""
        switch event.event {
        case .runStarted: return event.message
        case .stageStarted:
            return "start   \(stage)" + (event.threads.map { " (\($0) thread\($0 == 1 ? "" : "s"))" } ?? "")
        case .epoch: return "        \(stage)  \(epochText(event))"
        case .message: return verbose ? "        \(stage)  \(event.message ?? "")" : nil
        case .stageDone, .stageCached, .stageFailed, .stageSkipped, .stageInterrupted, .storeRepaired:
            return permanent(event).trimmingCharacters(in: .newlines)
        case .threadsChanged: return "threads \(stage) → \(event.threads ?? 1)"
        case .runFinished: return nil
        }
    }

    private func permanent(_ event: RunEvent) -> String {
        let stage = event.stage ?? ""
        let took = event.elapsed.map { " in " + Self.duration($0) } ?? ""
        switch event.event {
        case .stageDone: return "done    \(stage)\(took)\n"
        case .stageCached: return "cached  \(stage)\n"
        case .stageFailed:
            return "FAILED  \(stage): \(event.message ?? "")" + (event.log.map { "\n        log: \($0)" } ?? "") + "\n"
        case .stageSkipped: return "skipped \(stage): \(event.message ?? "")\n"
        case .stageInterrupted: return "stopped \(stage)\n"
        case .storeRepaired: return "REPAIR  \(stage): \(event.message ?? "")\n"
        default: return ""
        }
    }

    private func epochText(_ event: RunEvent) -> String {
        var parts: [String] = []
        if let epoch = event.epoch, let epochs = event.epochs { parts.append("epoch \(epoch)/\(epochs)") }
        if let loss = event.loss { parts.append(String(format: "loss %.4f", loss)) }
        if let v = event.validationLoss { parts.append(String(format: "val loss %.4f", v)) }
        if let auc = event.validationAUC { parts.append(String(format: "val AUC %.4f", auc)) }
        if let elapsed = event.elapsed { parts.append(Self.duration(elapsed)) }
        if let eta = event.eta, let epoch = event.epoch, let epochs = event.epochs, epoch < epochs {
            parts.append("ETA " + Self.duration(eta))
        }
        return parts.joined(separator: "  ")
    }

    private func updateLive(_ event: RunEvent) {
        let stage = event.stage ?? ""
        switch event.event {
        case .stageStarted:
            started[stage] = event.time
            threads[stage] = event.threads
            live.append((stage, "\(stage)  running"))
        case .threadsChanged:
            threads[stage] = event.threads
        case .epoch:
            if let i = live.firstIndex(where: { $0.stage == stage }) { live[i].line = "\(stage)  \(epochText(event))" }
            guard Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        case .message:
            guard verbose else { return }
            clearBlock()
            write("        \(stage)  \(event.message ?? "")\n")
        case .stageDone, .stageCached, .stageFailed, .stageSkipped, .stageInterrupted, .storeRepaired:
            live.removeAll { $0.stage == stage }
            threads[stage] = nil
            clearBlock()
            write(permanent(event))
        case .runStarted:
            clearBlock()
            write((event.message ?? "") + "\n")
        case .runFinished:
            break
        }
        redraw()
    }

    private func clearBlock() {
        guard drawn > 0 else { return }
        write("\u{1B}[\(drawn)A\u{1B}[J")
        drawn = 0
    }

    private func redraw() {
        clearBlock()
        let now = Date()
        for entry in live {
            let since = started[entry.stage].map { now.timeIntervalSince($0) } ?? 0
            let text = entry.line.hasSuffix("running") ? entry.line + "  " + Self.duration(since) : entry.line
            let count = threads[entry.stage].map { "  [\($0) thread\($0 == 1 ? "" : "s")]" } ?? ""
            write("  ▸ " + text + count + "\n")
        }
        drawn = live.count
        lastDraw = now
    }

    private func write(_ text: String) {
        output.write(Data(text.utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) }
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    /// Made once: plain mode stamps every epoch line. Only used under `lock`.
    private static let timestampFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter
    }()

    static func timestamp(_ date: Date) -> String {
        timestampFormatter.string(from: date)
    }
}
