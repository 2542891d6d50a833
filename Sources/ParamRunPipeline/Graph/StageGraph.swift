import ParamRunSupport

/// A checked DAG of stages, held in a topological order (every stage after its inputs).
public struct StageGraph: Sendable {
    /// Stages in an order where inputs always come first; ties keep pipeline order.
    public let stages: [Stage]
    private let index: [StageID: Int]

    /// Checks for duplicate stages, inputs that no stage provides, and cycles.
    package init(_ stages: [Stage]) throws {
        var byID: [StageID: Stage] = [:]
        for stage in stages {
            guard byID[stage.id] == nil else { throw GraphError.duplicateStage(stage.id) }
            byID[stage.id] = stage
        }
        for stage in stages {
            for input in stage.inputs where byID[input] == nil {
                throw GraphError.missingInput(stage: stage.id, input: input)
            }
        }
        // Kahn's algorithm; the ready set is kept sorted so the order is the same every run.
        var remaining = Dictionary(uniqueKeysWithValues: stages.map { ($0.id, Set($0.inputs)) })
        var dependents: [StageID: [StageID]] = [:]
        for stage in stages { for input in stage.inputs { dependents[input, default: []].append(stage.id) } }
        var ready = ReadyStages(stages.filter { $0.inputs.isEmpty }.map(\.id))
        var ordered: [Stage] = []
        var done: Set<StageID> = []
        while let id = ready.pop() {
            ordered.append(byID[id]!)
            done.insert(id)
            remaining[id] = nil
            for next in dependents[id] ?? [] {
                remaining[next]?.remove(id)
                if remaining[next]?.isEmpty == true, !done.contains(next) { ready.push(next) }
            }
        }
        if ordered.count < stages.count {
            throw GraphError.cycle(Self.findCycle(in: remaining))
        }
        self.stages = ordered
        self.index = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.id, $0) })
    }

    /// The stage with this ID, if the graph has it.
    public subscript(id: StageID) -> Stage? { index[id].map { stages[$0] } }

    /// Resolves a stage named on the command line, with a suggestion for a near miss.
    public func stage(named text: String) throws -> Stage {
        if let id = StageID(parsing: text), let stage = self[id] { return stage }
        let names = stages.map(\.id.description)
        throw GraphError.unknownStage(text, suggestion: Suggestion.closest(to: text, in: names))
    }

    /// The stage and everything it needs, in graph order.
    public func closure(of ids: [StageID]) -> [Stage] {
        var wanted = Set<StageID>()
        var stack = ids
        while let id = stack.popLast() {
            guard wanted.insert(id).inserted, let stage = self[id] else { continue }
            stack.append(contentsOf: stage.inputs)
        }
        return stages.filter { wanted.contains($0.id) }
    }

    /// One cycle among stages that never became ready; each of them has an unfinished input.
    private static func findCycle(in remaining: [StageID: Set<StageID>]) -> [StageID] {
        var path: [StageID] = []
        var current = remaining.keys.min()!
        while !path.contains(current) {
            path.append(current)
            current = remaining[current]!.filter { remaining[$0] != nil }.min()!
        }
        return Array(path[path.firstIndex(of: current)!...])
    }
}
