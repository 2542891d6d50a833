import Foundation

/// A failure of the training engine, carrying where it came from.
public enum NNError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A feature value is NaN or infinite.
    case nonFiniteFeature(row: Int, column: Int, value: Float)
    /// A label is NaN or infinite.
    case nonFiniteLabel(row: Int, value: Float)
    /// A label of a binary classification is neither 0 nor 1.
    case labelNotBinary(row: Int, value: Float)
    /// A per-example weight is negative, NaN or infinite.
    case invalidWeight(row: Int, value: Float)
    /// Two things that must agree in size do not.
    case shapeMismatch(what: String, expected: String, found: String)
    /// A configuration value is out of range or inconsistent.
    case invalidConfiguration(String)
    /// A model or checkpoint file is damaged or cut short.
    case corruptFile(path: String, reason: String)
    /// A model file holds a NaN or infinite value: element `index` of its `array` (parameters,
    /// scaler offsets or scaler scales).
    case nonFiniteValue(path: String, array: String, index: Int, value: Float)
    /// A model or checkpoint file was written by another format version.
    case unsupportedVersion(path: String, expected: UInt32, found: UInt32)
    /// A checkpoint belongs to another training (architecture, configuration or data differ).
    case checkpointMismatch(path: String, reason: String)
    /// Reading or writing a file failed.
    case io(path: String, reason: String)
    /// The training diverged: the loss became NaN or infinite.
    case diverged(epoch: Int)

    /// One line naming what was wrong and where.
    public var description: String {
        switch self {
        case let .nonFiniteFeature(row, column, value):
            return "row \(row): feature \(column) is \(value); features must be finite"
        case let .nonFiniteLabel(row, value):
            return "row \(row): label is \(value); labels must be finite"
        case let .labelNotBinary(row, value):
            return "row \(row): label is \(value); binary cross-entropy needs labels 0 or 1"
        case let .invalidWeight(row, value):
            return "row \(row): weight is \(value); weights must be finite and not negative"
        case let .shapeMismatch(what, expected, found):
            return "\(what): expected \(expected), found \(found)"
        case let .invalidConfiguration(message):
            return "invalid training configuration: \(message)"
        case let .corruptFile(path, reason):
            return "\(path): corrupt file: \(reason)"
        case let .nonFiniteValue(path, array, index, value):
            return "\(path): element \(index) of its \(array) is \(value); a model's values must be finite"
        case let .unsupportedVersion(path, expected, found):
            return "\(path): format version \(found), this build reads version \(expected)"
        case let .checkpointMismatch(path, reason):
            return "\(path): checkpoint does not belong to this training: \(reason)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .diverged(epoch):
            return "training diverged in epoch \(epoch): the loss is not finite"
        }
    }
}
