/// A named set of events: where they come from and which masses it holds.
public struct DatasetSpec: Hashable, Sendable, Codable {
    public enum Source: Hashable, Sendable, Codable {
        /// The paper's Fig. 2 toy: uniform background, Gaussian signal of width 0.25 at mean θ.
        case toy
        /// The built-in X → tt̄ lepton+jets generator with HEPMASS's 27 features.
        case xttbar
        /// A HEPMASS CSV or CSV.gz file, its path resolved against the spec's folder.
        case hepmass(path: String)
        /// A folder of the paper's m_WWbb `.dat` files, resolved against the spec's folder.
        case mwwbb(path: String)

        public var isGenerator: Bool {
            switch self {
            case .toy, .xttbar: return true
            case .hepmass, .mwwbb: return false
            }
        }

        /// The columns a source provides, in order.
        public var featureNames: [String] {
            switch self {
            case .toy: return ["x"]
            case .mwwbb: return ["mwwbb"]
            case .xttbar, .hepmass: return (0..<27).map { "f\($0)" }
            }
        }
    }

    /// Which rows of a file source a dataset takes; the split is seeded and stratified by mass
    /// and label, so `train` and `test` of the same file never share an event.
    public enum Part: String, Hashable, Sendable, Codable, CaseIterable {
        case all, train, test
    }

    public var name: String
    public var source: Source
    /// Signal masses (θ) in GeV for physics sources; θ values for the toy.
    public var masses: [Double]
    /// Signal events per mass; for generators required, for files an optional cap.
    public var signalPerMass: Int?
    /// Background events in all; for generators required, for files an optional cap.
    public var background: Int?
    public var part: Part
    /// The fraction of a file's events that `part: test` takes.
    public var testFraction: Double
}

/// The masses the paper's m_WWbb sample holds (there is no 750 GeV file).
public let mwwbbMasses: [Double] = [400, 500, 600, 700, 800, 1000, 1100, 1200, 1300, 1500]
