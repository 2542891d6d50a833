import Foundation
import ParamRunData

/// A validated experiment spec: what to load, which networks to train, and where to judge them.
///
/// Built only by ``SpecLoader``, which reports every problem with its file, line and column.
/// Sweeps are already expanded: ``models`` holds one entry per network that will be trained.
public struct Spec: Hashable, Sendable {
    /// Names the output folder `outputs/<name>/`.
    public var name: String
    /// The root of every stage's seed.
    public var seed: UInt64
    /// The components of θ: `mass` first, then any conditions (`jes`); ``ParameterSpec/massOnly``
    /// for a spec without a `parameters:` block.
    public var parameters: [ParameterSpec] = ParameterSpec.massOnly
    public var datasets: [DatasetSpec]
    public var features: FeatureSelection
    public var scale: Scaler.Kind
    public var models: [ModelSpec]
    public var evaluation: EvaluationSpec
    /// The spec file as given on the command line.
    public var file: String
    /// Requests for batch-cluster jobs; empty when the spec has no `cluster:` section.
    public var cluster: ClusterSpec = ClusterSpec()
    /// The networks to write as ONNX and other formats; empty when the spec has no `export:` section.
    public var export: ExportSpec = ExportSpec()
    /// Histograms, workspaces and expected limits; `nil` when the spec has no `statistics:` block.
    public var statistics: StatisticsSpec?
    /// Which networks to scan along θ for wiggles; `nil` when the spec has no `smoothness:` section.
    public var smoothness: SmoothnessSpec?
    /// The spec's YAML as written, comments included, which the report shows.
    public var text: String = ""

    public func dataset(named name: String) -> DatasetSpec? {
        datasets.first { $0.name == name }
    }

    public func model(named name: String) -> ModelSpec? {
        models.first { $0.name == name }
    }

    /// The models some evaluation judges, in spec order; only these are trained.
    public var evaluatedModels: [ModelSpec] {
        let evaluated = Set(evaluation.points.map(\.model))
        return models.filter { evaluated.contains($0.name) }
    }

    /// The names of θ's conditions (every component after the mass), in declaration order.
    public var conditionNames: [String] { parameters.dropFirst().map(\.name) }

    /// The datasets that some evaluated model trains on or some evaluation reads.
    public var neededDatasets: Set<String> {
        Set(evaluatedModels.map(\.trainData) + evaluation.points.map(\.data) + (smoothness.map { [$0.data] } ?? []))
    }

    /// A dataset's source with its path made absolute (options already carry their folder).
    public func source(of dataset: DatasetSpec) -> SourceReference {
        var reference = dataset.source
        reference.path = reference.path.map(resolve)
        return reference
    }

    /// A path written in the spec, made absolute against the spec's own folder.
    public func resolve(_ path: String) -> String {
        Spec.resolve(path, relativeTo: file)
    }

    static func resolve(_ path: String, relativeTo specFile: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: specFile).absoluteURL.deletingLastPathComponent()
            .appendingPathComponent(path).standardizedFileURL.path
    }
}
