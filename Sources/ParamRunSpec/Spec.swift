import Foundation
import ParamRunData

/// A validated experiment spec: what to load, which networks to train, and where to judge them.
///
/// Built only by ``SpecLoader``, which reports every problem with its file, line and column.
/// Sweeps are already expanded: ``models`` holds one entry per network that will be trained.
/// Each top-level section (`Sections/`) keeps its value here and adds its accessor in its own file.
public struct Spec: Hashable, Sendable {
    /// The spec file as given on the command line.
    public var file: String
    /// The spec's YAML as written, comments included, which the report shows.
    public var text: String = ""
    /// Each section's typed value; a section's file gives it an accessor (`spec.statistics`).
    var sections: SectionValues

    init(file: String, text: String, sections: SectionValues) {
        self.file = file
        self.text = text
        self.sections = sections
    }

    /// A section's value, as its ``SpecSection/read(_:)`` returned it; nil when it has none.
    subscript<Section: SpecSection>(section: Section.Type) -> Section.Value? { sections[section] }

    /// The dataset with this name, if the spec declares one.
    public func dataset(named name: String) -> DatasetSpec? {
        datasets.first { $0.name == name }
    }

    /// The model with this name (a sweep's expanded name), if the spec declares one.
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
