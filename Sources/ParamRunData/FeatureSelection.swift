/// Which feature columns of an ``EventTable`` a model sees.
///
/// For 27-feature HEPMASS-style tables, `lowLevel` is f0–f21 (lepton, missing energy, jet
/// count and four jets) and `highLevel` is f22–f26 (the reconstructed masses).
public enum FeatureSelection: Codable, Hashable, Sendable {
    /// Every feature column.
    case all
    /// f0–f21 of a HEPMASS-style table.
    case lowLevel
    /// f22–f26 of a HEPMASS-style table.
    case highLevel
    /// The named columns, in the given order.
    case names([String])

    /// The column indices selected from a table with the given feature names.
    public func indices(in featureNames: [String]) throws -> [Int] {
        switch self {
        case .all:
            return Array(featureNames.indices)
        case .lowLevel, .highLevel:
            guard featureNames == HEPMASSReader.featureNames else {
                throw DataError(
                    .invalidRequest(
                        "feature selection \(self) needs the 27 HEPMASS features f0–f26, table "
                            + "has \(featureNames.count) features"
                    ))
            }
            return self == .lowLevel ? Array(0...21) : Array(22...26)
        case .names(let names):
            guard !names.isEmpty else { throw DataError(.invalidRequest("empty feature list")) }
            return try names.map { name in
                guard let i = featureNames.firstIndex(of: name) else {
                    throw DataError(
                        .invalidRequest(
                            "unknown feature '\(name)'; available: \(featureNames.joined(separator: ", "))"))
                }
                return i
            }
        }
    }
}
