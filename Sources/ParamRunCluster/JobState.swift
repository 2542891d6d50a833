/// What a batch system says about one job (or one task of a job array).
package struct JobState: Equatable, Sendable {
    package enum Phase: String, Equatable, Sendable {
        /// Queued, or about to start: it will still run.
        case pending
        case running
        case completed
        case failed
        case cancelled
    }

    package var phase: Phase
    /// The batch system's own word: `FAILED`, `TIMEOUT`, `OUT_OF_MEMORY`, …
    package var raw: String
    package var exitCode: String?
    package var reason: String?

    package init(raw: String, exitCode: String? = nil, reason: String? = nil) {
        // sacct writes "CANCELLED by 0".
        let word = raw.split(separator: " ").first.map(String.init) ?? raw
        self.raw = word
        self.phase = Self.phase(of: word)
        self.exitCode = exitCode
        self.reason = reason
    }

    /// A job that is still queued or running; resubmitting its stage would duplicate it.
    package var isLive: Bool { phase == .pending || phase == .running }

    static func phase(of word: String) -> Phase {
        switch word {
        case "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SUSPENDED", "STOPPED":
            return .pending
        case "RUNNING", "COMPLETING", "SIGNALING", "STAGE_OUT":
            return .running
        case "COMPLETED":
            return .completed
        case "CANCELLED":
            return .cancelled
        default:
            // FAILED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, PREEMPTED, SPECIAL_EXIT, REVOKED.
            return .failed
        }
    }
}
