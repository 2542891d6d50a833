import Foundation
import ParamRunSupport

/// One thing that happened during a run; written as a JSON line to `outputs/<spec>/events.jsonl`
/// and, from a stage process, to its standard output for the runner to read.
public struct RunEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case runStarted = "run-started", stageStarted = "stage-started", epoch, message
        case stageDone = "stage-done", stageCached = "stage-cached", stageFailed = "stage-failed"
        case stageSkipped = "stage-skipped", stageInterrupted = "stage-interrupted", runFinished = "run-finished"
        /// A damaged or incomplete store entry was moved aside, to be computed again.
        case storeRepaired = "store-repaired"
        /// A running stage was granted a different number of threads (`threads`).
        case threadsChanged = "threads-changed"
    }

    public var event: Kind
    public var time: Date
    public var stage: String?
    public var epoch: Int?
    public var epochs: Int?
    public var loss: Double?
    public var validationLoss: Double?
    public var validationAUC: Double?
    public var learningRate: Double?
    /// Seconds since the stage (or run) started.
    public var elapsed: Double?
    /// Seconds a training still needs, from the pace of the epochs this process ran.
    public var eta: Double?
    public var threads: Int?
    public var message: String?
    public var log: String?

    public init(_ event: Kind, stage: String? = nil, time: Date = Date()) {
        self.event = event
        self.stage = stage
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case event, time, stage, epoch, epochs, loss, threads, message, log, elapsed, eta
        case validationLoss = "validation_loss", validationAUC = "validation_auc", learningRate = "learning_rate"
    }

    public func jsonLine() -> String {
        // Strings, numbers, dates and non-finite numbers (as strings) always encode.
        (try? JSONCoding.canonical(self)) ?? "{}"
    }

    public static func parse(_ line: String) -> RunEvent? {
        try? JSONCoding.decoder().decode(RunEvent.self, from: Data(line.utf8))
    }
}
