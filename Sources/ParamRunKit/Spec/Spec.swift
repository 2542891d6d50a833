/// A validated experiment spec: what to load, which networks to train, and where to judge them.
///
/// Built only by ``SpecLoader``, which reports every problem with its file, line and column.
/// Sweeps are already expanded: ``models`` holds one entry per network that will be trained.
public struct Spec: Hashable, Sendable {
    /// Names the output folder `outputs/<name>/`.
    public var name: String
    /// The root of every stage's seed.
    public var seed: UInt64
    public var datasets: [DatasetSpec]
    public var features: FeatureSelection
    public var scale: ScaleKind
    public var models: [ModelSpec]
    public var evaluation: EvaluationSpec
    /// The spec file as given on the command line.
    public var file: String

    public func dataset(named name: String) -> DatasetSpec? {
        datasets.first { $0.name == name }
    }

    public func model(named name: String) -> ModelSpec? {
        models.first { $0.name == name }
    }
}

/// Which event features a network sees.
public enum FeatureSelection: Hashable, Sendable, Codable {
    case all
    /// HEPMASS f0–f21: the lepton, missing energy, jet count and four jets.
    case lowLevel
    /// HEPMASS f22–f26: the reconstructed masses m_jj, m_jjj, m_ℓν, m_jℓν, m_WWbb.
    case highLevel
    case list([String])
}

/// How inputs are scaled; fitted on each network's own training data only.
public enum ScaleKind: String, Hashable, Sendable, Codable, CaseIterable {
    case standard, minmax, none
}
