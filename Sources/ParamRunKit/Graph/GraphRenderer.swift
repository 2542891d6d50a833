/// Prints a ``StageGraph`` for people (text) or for Graphviz and Mermaid.
public enum GraphRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case text, dot, mermaid
    }

    public static func render(_ graph: StageGraph, spec: Spec, format: Format) -> String {
        switch format {
        case .text: return text(graph, spec: spec)
        case .dot: return dot(graph, spec: spec)
        case .mermaid: return mermaid(graph)
        }
    }

    static func text(_ graph: StageGraph, spec: Spec) -> String {
        let width = graph.stages.map(\.id.description.count).max() ?? 0
        var lines = ["plan for \(spec.name) (\(spec.file)): \(graph.stages.count) stages"]
        for stage in graph.stages {
            let id = stage.id.description
            let padded = id + String(repeating: " ", count: width - id.count)
            let inputs = stage.inputs.isEmpty ? "" : "  <- " + stage.inputs.map(\.description).joined(separator: ", ")
            lines.append("  \(padded)  \(stage.key.prefix(12))\(inputs)")
        }
        return lines.joined(separator: "\n")
    }

    static func dot(_ graph: StageGraph, spec: Spec) -> String {
        var lines = ["digraph \"\(spec.name)\" {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for stage in graph.stages {
            lines.append("  \"\(stage.id)\" [label=\"\(stage.id)\\n\(stage.key.prefix(12))\"];")
        }
        for stage in graph.stages {
            for input in stage.inputs { lines.append("  \"\(input)\" -> \"\(stage.id)\";") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func mermaid(_ graph: StageGraph) -> String {
        let names = Dictionary(uniqueKeysWithValues: graph.stages.enumerated().map { ($1.id, "s\($0)") })
        var lines = ["flowchart LR"]
        for stage in graph.stages { lines.append("  \(names[stage.id]!)[\"\(stage.id)\"]") }
        for stage in graph.stages {
            for input in stage.inputs { lines.append("  \(names[input]!) --> \(names[stage.id]!)") }
        }
        return lines.joined(separator: "\n")
    }
}
