import ParamRunSpec

/// Prints a ``StageGraph`` for people (text) or for Graphviz and Mermaid.
package enum GraphRenderer {
    package enum Format: String, CaseIterable, Sendable {
        case text, dot, mermaid
    }

    /// - Parameter statuses: when given, the text form says of each stage whether it is cached
    ///   or must run, and why.
    package static func render(
        _ graph: StageGraph, spec: Spec, format: Format,
        statuses: [StageID: PlanExplainer.Status]? = nil
    ) -> String {
        switch format {
        case .text: return text(graph, spec: spec, statuses: statuses)
        case .dot: return dot(graph, spec: spec)
        case .mermaid: return mermaid(graph)
        }
    }

    static func text(_ graph: StageGraph, spec: Spec, statuses: [StageID: PlanExplainer.Status]?) -> String {
        let width = graph.stages.map(\.id.description.count).max() ?? 0
        var header = "plan for \(spec.name) (\(spec.file)): \(graph.stages.count) stages"
        if let statuses {
            let running = graph.stages.filter { statuses[$0.id]?.runs ?? false }.count
            header += ", \(graph.stages.count - running) cached, \(running) to run"
        }
        var lines = [header]
        for stage in graph.stages {
            let id = stage.id.description
            let padded = id + String(repeating: " ", count: width - id.count)
            if let status = statuses?[stage.id] {
                let mark = status.runs ? "run   " : "cached"
                let why = status.runs ? "  (\(status))" : ""
                lines.append("  \(mark)  \(padded)  \(stage.key.prefix(12))\(why)")
            } else {
                let inputs =
                    stage.inputs.isEmpty ? "" : "  <- " + stage.inputs.map(\.description).joined(separator: ", ")
                lines.append("  \(padded)  \(stage.key.prefix(12))\(inputs)")
            }
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
