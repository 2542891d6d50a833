/// How background events get their θ, which has no physical meaning for them.
public enum BackgroundTheta: Codable, Hashable, Sendable {
    /// Drawn, seeded, from the θ values of the signal events in the same set, so that θ alone
    /// says nothing about the label (the paper's choice).
    case sampled
    /// Kept as the source stores it (HEPMASS files); sources without one sample it.
    case asStored
    /// One value for every background event, for evaluation at that mass.
    case fixed(Double)
}

/// Everything a `load` stage needs to produce one ``EventTable``.
///
/// The same request with the same seed always gives the same table; the `train`, `validation`
/// and `test` parts of one request never share events.
public struct DatasetRequest: Codable, Hashable, Sendable {
    /// Where the events come from: a registered ``EventSource`` and its path.
    public var source: SourceReference
    /// Signal masses m_X (θ). Generators need at least one; file sources default to all they hold.
    public var masses: [Double]
    /// Signal events per mass; generators need it, file sources subsample to it (nil: all).
    public var signalPerMass: Int?
    /// Background events; generators need it, file sources subsample to it (nil: all).
    public var background: Int?
    /// How background events get θ.
    public var backgroundTheta: BackgroundTheta
    /// Which part of the stratified split to return.
    public var part: DataPart
    /// Fractions of each (label, θ) group in the test and validation parts.
    public var testFraction: Double
    /// The fraction held out for validation, from what the test part leaves.
    public var validationFraction: Double
    /// The feature columns kept.
    public var features: FeatureSelection
    /// Seeds generation, subsampling, background θ and the split (each its own stream).
    public var seed: UInt64
    /// Where HEPMASS files keep their `.npy` copies; nil: `outputs/.cache`. Set ``useCache`` false to skip.
    public var cacheDirectory: String?
    /// Whether HEPMASS files are read through their `.npy` copies (written on first read).
    public var useCache: Bool
    /// The θ conditions every event of this request is made under (`jes` → δ), each one the
    /// source declares in ``EventSource/conditions``; empty for a one-component θ. The loader
    /// adds each as a column (``EventTable/parameterNames``).
    public var conditions: [String: Double] = [:]
    /// Settings of each source.
    public var hepmass: HEPMASSReader.Options
    /// Settings of the toy generator.
    public var toy: ToyGenerator
    /// Settings of the X → tt̄ generator.
    public var xttbar: TTbarGenerator.Configuration

    /// A request for events of `source`; the defaults read every event of every mass, unsplit.
    public init(
        source: SourceReference, masses: [Double] = [], signalPerMass: Int? = nil, background: Int? = nil,
        backgroundTheta: BackgroundTheta = .sampled, part: DataPart = .all, testFraction: Double = 0.5,
        validationFraction: Double = 0, features: FeatureSelection = .all, seed: UInt64 = 0,
        cacheDirectory: String? = nil, useCache: Bool = true,
        hepmass: HEPMASSReader.Options = .init(), toy: ToyGenerator = .init(),
        xttbar: TTbarGenerator.Configuration = .init()
    ) {
        self.source = source
        self.masses = masses
        self.signalPerMass = signalPerMass
        self.background = background
        self.backgroundTheta = backgroundTheta
        self.part = part
        self.testFraction = testFraction
        self.validationFraction = validationFraction
        self.features = features
        self.seed = seed
        self.cacheDirectory = cacheDirectory
        self.useCache = useCache
        self.hepmass = hepmass
        self.toy = toy
        self.xttbar = xttbar
    }
}
