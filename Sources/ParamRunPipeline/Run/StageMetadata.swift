import Foundation
import ParamRunData
import ParamRunMetrics
import ParamRunNN
import ParamRunReport
import ParamRunSpec
import ParamRunSupport

/// What `outputs/.store/<key>/stage.json` records about how a result was made.
public struct StageMetadata: Codable, Sendable, Equatable {
    public var id: String
    public var key: String
    public var spec: String
    public var specName: String
    /// Each input's stage ID and key, so a result can be traced to what it was made from.
    public var inputs: [String: String]
    public var configuration: String
    public var started: Date
    public var finished: Date
    public var toolVersion: String
    /// The BLAS library, kernel and thread count the stage ran with.
    public var blas: String
    public var threads: Int
    public var host: String

    public init(id: String, key: String, spec: String, specName: String, inputs: [String: String],
                configuration: String, started: Date, finished: Date, toolVersion: String, blas: String,
                threads: Int, host: String) {
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
        self.host = host
    }
}

extension StageMetadata {
    /// ISO 8601 with milliseconds: stage timings in reports need better than whole seconds.
    static func encodeDate(_ date: Date, to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.formatter(fractional: true).string(from: date))
    }

    /// Reads dates with or without fractional seconds.
    static func decodeDate(from decoder: Decoder) throws -> Date {
        let text = try decoder.singleValueContainer().decode(String.self)
        if let date = formatter(fractional: true).date(from: text) ?? formatter(fractional: false).date(from: text) {
            return date
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
    }

    private static func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter
    }
}
