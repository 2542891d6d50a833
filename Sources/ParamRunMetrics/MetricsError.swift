/// Why scores and labels cannot be turned into a ROC curve or an AUC.
///
/// Each case names the offending position so that a bad event can be found in the input.
public enum MetricsError: Error, Equatable, CustomStringConvertible {
    /// `scores` and another per-event array (`"labels"` or `"weights"`) differ in length.
    case lengthMismatch(scores: Int, other: String, count: Int)
    /// A score is NaN; it has no place in the ranking.
    case nanScore(index: Int)
    /// A label is neither 0 (background) nor 1 (signal).
    case invalidLabel(index: Int, value: Float)
    /// A weight is negative, infinite or NaN.
    case invalidWeight(index: Int, value: Float)
    /// No signal (label 1) or no background (label 0) events, or their total weight is zero.
    case emptyClass(label: Int)

    /// One line saying which input was wrong and how.
    public var description: String {
        switch self {
        case .lengthMismatch(let scores, let other, let count):
            return "\(scores) scores but \(count) \(other)"
        case .nanScore(let index):
            return "score \(index) is NaN"
        case .invalidLabel(let index, let value):
            return "label \(index) is \(value); labels must be 0 (background) or 1 (signal)"
        case .invalidWeight(let index, let value):
            return "weight \(index) is \(value); weights must be finite and non-negative"
        case .emptyClass(let label):
            return "no \(label == 1 ? "signal (label 1)" : "background (label 0)") events"
        }
    }
}
