import ParamRunData
import ParamRunSupport

/// A named set of events: where they come from and which masses it holds.
public struct DatasetSpec: Hashable, Sendable, Codable {
    /// The name models and evaluations refer to it by.
    public var name: String
    /// A registered ``EventSource``, with its path as the spec wrote it (relative to the spec's
    /// folder); ``Spec/source(of:)`` makes it absolute.
    public var source: SourceReference
    /// Signal masses (θ) in GeV for physics sources; θ values for the toy.
    public var masses: [Double]
    /// The θ points it holds: its masses when θ is the mass alone; (mass, conditions) points
    /// written under `points:` otherwise. `masses` is then their distinct masses.
    public var points: [ThetaPoint] = []
    /// Signal events per mass; for generators required, for files an optional cap.
    public var signalPerMass: Int?
    /// Background events in all; for generators required, for files an optional cap. With θ
    /// conditions, a generator makes this many for each condition setting.
    public var background: Int?
    /// Which rows of a file source a dataset takes; the split is seeded and stratified by mass
    /// and label, so `train` and `test` of the same file never share an event.
    public var part: DataPart
    /// The fraction of a file's events that `part: test` takes.
    public var testFraction: Double

    /// The parts a spec may ask for; `validation` is carved out of training data by the trainer.
    package static let specParts: [DataPart] = [.all, .train, .test]
}
