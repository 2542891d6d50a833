import Foundation

/// Everything that can go wrong turning scores into histograms, workspaces and limits.
///
/// Each case names where the problem sits: an input field and element index, a JSON path
/// inside a workspace, or a file, so a caller can point the user at it.
public enum StatsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A number that must be finite (and often positive) is not; `index` is the element, if any.
    case invalidValue(field: String, index: Int?, value: Double, reason: String)
    /// Two arrays that must pair up element for element have different lengths.
    case lengthMismatch(field: String, expected: Int, got: Int)
    /// Fewer events with positive weight than the binning needs.
    case tooFewEvents(sample: String, have: Int, needed: Int)
    /// A bin count or binning request that cannot be honoured.
    case invalidBinning(reason: String)
    /// A workspace that decodes but does not describe a model we can build; `path` is JSON-path-like.
    case invalidWorkspace(path: String, reason: String)
    /// A workspace or sidecar file that could not be read or decoded.
    case unreadableFile(file: String, reason: String)
    /// A JSON file that is not well-formed JSON: `file:line:column: reason`.
    case malformedJSON(file: String, line: Int, column: Int, reason: String)
    /// A JSON file that parses but is wrong at `path`: a JSON path (`channels[2].samples[0].data`),
    /// or a patch operation (`[3] add /channels/5/samples/-`); empty for the whole document.
    case invalidJSON(file: String, path: String, reason: String)
    /// The minimiser stopped without meeting its tolerance.
    case notConverged(what: String, iterations: Int)
    /// A root finder was given, or could not find, an interval whose ends straddle the root.
    case noBracket(what: String, reason: String)
    /// A maximum-likelihood fit that stopped without converging; `atBound` names the free
    /// parameters (pyhf's names, `name[i]` per bin) sitting at one of their bounds where it stopped.
    case fitNotConverged(what: String, iterations: Int, atBound: [String])
    /// The Hessian of −log L at a minimum is not positive definite, so the fit's errors are
    /// undefined; `parameter` is the first free parameter along which the curvature vanishes.
    case singularHessian(what: String, parameter: String)

    /// One line naming the path or value concerned and what was wrong.
    public var description: String {
        switch self {
        case let .invalidValue(field, index, value, reason):
            let at = index.map { "\(field)[\($0)]" } ?? field
            return "\(at) = \(value): \(reason)"
        case let .lengthMismatch(field, expected, got):
            return "\(field): expected \(expected) values, got \(got)"
        case let .tooFewEvents(sample, have, needed):
            return "\(sample): \(have) events with positive weight, at least \(needed) needed for the requested bins"
        case let .invalidBinning(reason):
            return "binning: \(reason)"
        case let .invalidWorkspace(path, reason):
            return "workspace \(path): \(reason)"
        case let .unreadableFile(file, reason):
            return "\(file): \(reason)"
        case let .malformedJSON(file, line, column, reason):
            return "\(file):\(line):\(column): \(reason)"
        case let .invalidJSON(file, path, reason):
            return path.isEmpty ? "\(file): \(reason)" : "\(file): \(path): \(reason)"
        case let .notConverged(what, iterations):
            return "\(what): no convergence after \(iterations) iterations"
        case let .noBracket(what, reason):
            return "\(what): \(reason)"
        case let .fitNotConverged(what, iterations, atBound):
            let bounds =
                atBound.isEmpty
                ? "no parameter is at a bound" : "at a bound: " + atBound.joined(separator: ", ")
            return "\(what): the fit did not converge after \(iterations) iterations (\(bounds))"
        case let .singularHessian(what, parameter):
            return "\(what): the Hessian of −log L is not positive definite along \(parameter), so the errors "
                + "are undefined (the parameter has no effect on the likelihood, or the fit is not at a minimum)"
        }
    }
}
