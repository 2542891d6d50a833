/// Every event source paramrun knows, in the order error messages list them.
///
/// Adding a source is one new type conforming to ``EventSource`` and one line here.
public enum EventSources {
    /// Every source a spec can name.
    public static let registered: [any EventSource.Type] = [
        ToySource.self,
        TTbarSource.self,
        HEPMASSSource.self,
        MWWBBSource.self,
        ROOTSource.self
    ]

    /// The source registered under `name`, or nil.
    public static func named(_ name: String) -> (any EventSource.Type)? {
        registered.first { $0.name == name }
    }

    /// The spec names of every source.
    public static var names: [String] { registered.map { $0.name } }
    /// Every registered source's plot labels for its features; a report draws any of them.
    package static var featureLabels: [String: String] {
        registered.reduce(into: [:]) { labels, source in labels.merge(source.featureLabels) { first, _ in first } }
    }
    /// The spec names of the generators (sources that take no argument).
    public static var generators: [String] { registered.filter { $0.isGenerator }.map { $0.name } }
    /// The sources that read files or folders.
    public static var pathSources: [any EventSource.Type] { registered.filter { !$0.isGenerator } }

    /// The forms a spec may write, for error messages: `'toy', 'xttbar', {generator: toy|xttbar},
    /// {hepmass: PATH} or {mwwbb: FOLDER}`.
    public static var forms: String {
        let words = generators.map { "'\($0)'" }
        let generator = generators.isEmpty ? [] : ["{generator: \(generators.joined(separator: "|"))}"]
        let paths = pathSources.map {
            "{\($0.name): \($0.argument == .folder ? "FOLDER" : $0.argument == .options ? "{…}" : "PATH")}"
        }
        let all = words + generator + paths
        guard all.count > 1 else { return all.joined() }
        return all.dropLast().joined(separator: ", ") + " or " + all[all.count - 1]
    }
}
