import Foundation
import ParamRunSupport

/// One thing that happened during a run; written as a JSON line to `outputs/<spec>/events.jsonl`
/// and, from a stage process, to its standard output for the runner to read.
public struct RunEvent: Codable, Sendable, Equatable {
    /// What kind of thing happened; the JSON `event` field.
    public enum Kind: String, Codable, Sendable {
        case runStarted = "run-started", stageStarted = "stage-started", epoch, message
        case stageDone = "stage-done", stageCached = "stage-cached", stageFailed = "stage-failed"
        case stageSkipped = "stage-skipped", stageInterrupted = "stage-interrupted", runFinished = "run-finished"
        /// A damaged or incomplete store entry was moved aside, to be computed again.
        case storeRepaired = "store-repaired"
        /// A running stage was granted a different number of threads (`threads`).
        case threadsChanged = "threads-changed"
    }

    /// What happened.
    public var event: Kind
    /// When it happened.
    public var time: Date
    /// The stage it happened to (`train/fixed-1000`); nil for the run as a whole.
    public var stage: String?
    /// The epoch just finished, counted from 1 (`epoch` events).
    public var epoch: Int?
    /// The epochs the training runs in all (`epoch` events).
    public var epochs: Int?
    /// The epoch's training loss.
    public var loss: Double?
    /// The epoch's loss on the validation events.
    public var validationLoss: Double?
    /// The epoch's AUC on the validation events.
    public var validationAUC: Double?
    /// The learning rate the epoch trained with.
    public var learningRate: Double?
    /// Seconds since the stage (or run) started.
    public var elapsed: Double?
    /// Seconds a training still needs, from the pace of the epochs this process ran.
    public var eta: Double?
    /// The threads a stage started with, or was granted (`stage-started`, `threads-changed`).
    public var threads: Int?
    /// A line for people: a stage's message, a failure's reason, a run's summary.
    public var message: String?
    /// A failed stage's log file.
    public var log: String?

    package init(_ event: Kind, stage: String? = nil, time: Date = Date()) {
        self.event = event
        self.stage = stage
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case event, time, stage, epoch, epochs, loss, threads, message, log, elapsed, eta
        case validationLoss = "validation_loss", validationAUC = "validation_auc", learningRate = "learning_rate"
    }

    package func jsonLine() -> String {
        // Strings, numbers, dates and non-finite numbers (as strings) always encode.
        (try? JSONCoding.canonical(self)) ?? "{}"
    }

    package static func parse(_ line: String) -> RunEvent? {
        try? JSONCoding.decoder().decode(RunEvent.self, from: Data(line.utf8))
    }
}
