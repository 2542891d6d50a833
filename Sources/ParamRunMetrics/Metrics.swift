/// ROC curves, AUCs and fixed-background-efficiency working points for a binary classifier.
///
/// Labels are 1 for signal and 0 for background; a higher score means more signal-like.
/// Scores are grouped by exact equality (with -0.0 equal to 0.0), as scikit-learn groups them.
public enum Metrics {
    /// The background efficiencies at which physicists quote a classifier's signal efficiency.
    public static let standardBackgroundEfficiencies: [Double] = [1e-1, 1e-2, 1e-3]
}
