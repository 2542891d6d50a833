import Foundation
import ParamRunSupport

/// Says, for each stage, whether its result is already in the store and, if not, why it must run.
public struct PlanExplainer {
    /// Whether a stage's result is reused and, if it is not, why the stage runs.
    public enum Status: Equatable, Sendable, CustomStringConvertible {
        case cached
        /// No earlier run of this spec made this stage.
        case new
        /// The stage's own configuration changed; the dotted paths name what changed.
        case configurationChanged([String])
        /// Its configuration is as before, but these inputs' results changed.
        case inputChanged([StageID])
        case forced
        /// Same configuration and inputs, made by another paramrun version.
        case toolChanged
        /// Made before under this key, but the result is no longer in the store.
        case missing

        /// Whether the stage runs (everything but `cached`).
        public var runs: Bool { self != .cached }

        /// The status as `paramrun plan` prints it (`cached`, `configuration changed: model.epochs`, …).
        public var description: String {
            switch self {
            case .cached: return "cached"
            case .new: return "new"
            case .configurationChanged(let keys): return "configuration changed: " + keys.joined(separator: ", ")
            case .inputChanged(let ids): return "input changed: " + ids.map(\.description).joined(separator: ", ")
            case .forced: return "forced"
            case .toolChanged: return "made by another paramrun version"
            case .missing: return "result missing from the store"
            }
        }
    }

    /// What a spec's last run recorded of each stage, in `outputs/<spec>/stages.json`.
    package struct Record: Codable, Sendable, Equatable {
        package var key: String
        package var configuration: String
        package var inputs: [String: String]
    }

    package static func recordURL(outputs: URL, specName: String) -> URL {
        outputs.appendingPathComponent(specName).appendingPathComponent("stages.json")
    }

    package static func loadRecords(_ url: URL) -> [String: Record] {
        guard let data = try? Data(contentsOf: url) else { return [:] }
        return (try? JSONCoding.decoder().decode([String: Record].self, from: data)) ?? [:]
    }

    package static func saveRecords(_ records: [String: Record], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONCoding.write(records, to: url)
    }

    package static func record(of stage: Stage, in graph: StageGraph) -> Record {
        Record(
            key: stage.key, configuration: stage.configuration,
            inputs: Dictionary(uniqueKeysWithValues: stage.inputs.map { ($0.description, graph[$0]?.key ?? "") }))
    }

    /// Each stage's status, given the store, the last run's records and the stages forced to run.
    package static func explain(
        _ graph: StageGraph, store: ArtifactStore, records: [String: Record],
        forced: Set<StageID> = []
    ) -> [StageID: Status] {
        var result: [StageID: Status] = [:]
        for stage in graph.stages {
            if forced.contains(stage.id) { result[stage.id] = .forced; continue }
            if store.contains(stage.key) { result[stage.id] = .cached; continue }
            guard let previous = records[stage.id.description] else { result[stage.id] = .new; continue }
            if previous.key == stage.key { result[stage.id] = .missing; continue }
            if previous.configuration != stage.configuration {
                result[stage.id] = .configurationChanged(changedPaths(previous.configuration, stage.configuration))
                continue
            }
            let changed = stage.inputs.filter { previous.inputs[$0.description] != graph[$0]?.key }
            result[stage.id] = changed.isEmpty ? .toolChanged : .inputChanged(changed)
        }
        return result
    }

    /// The dotted paths at which two JSON documents differ, e.g. `model.optimizer.sgd.learningRate`.
    package static func changedPaths(_ old: String, _ new: String) -> [String] {
        let a = flatten(parse(old)), b = flatten(parse(new))
        return Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    private static func parse(_ text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
    }

    private static func flatten(_ value: Any, prefix: String = "") -> [String: String] {
        if let object = value as? [String: Any] {
            var out: [String: String] = [:]
            for (key, child) in object {
                out.merge(flatten(child, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")) { $1 }
            }
            return out.isEmpty ? [prefix: "{}"] : out
        }
        if let array = value as? [Any], array.contains(where: { $0 is [String: Any] }) {
            var out: [String: String] = [:]
            for (i, child) in array.enumerated() { out.merge(flatten(child, prefix: "\(prefix)[\(i)]")) { $1 } }
            return out
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])) ?? Data()
        return [prefix: String(decoding: data, as: UTF8.self)]
    }
}
