import ParamRunSupport

/// The graph under construction: stage definitions add their stages to it in registry order.
package struct PlanBuilder: Sendable {
    private(set) var stages: [StageID: Stage] = [:]
    /// The spec's seed, from which every stage's seed derives.
    package let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
    }

    /// Adds a stage whose configuration is `configuration`; its inputs must already be planned.
    /// It starts with `threads` and may be granted up to `maxThreads` while it runs (default: no more).
    package mutating func add(
        _ id: StageID, inputs: [StageID], configuration: some Encodable, threads: Int = 1,
        maxThreads: Int? = nil
    ) throws {
        var keys: [String] = []
        for input in inputs {
            guard let stage = stages[input] else { throw GraphError.missingInput(stage: id, input: input) }
            keys.append(stage.key)
        }
        guard stages[id] == nil else { throw GraphError.duplicateStage(id) }
        stages[id] = Stage(
            id: id, inputs: inputs, configuration: try JSONCoding.canonical(configuration), inputKeys: keys,
            threads: threads, maxThreads: maxThreads)
    }

    package func contains(_ id: StageID) -> Bool { stages[id] != nil }

    /// Every planned stage of `kind`, in ID order.
    package func stages(of kind: StageKind) -> [StageID] {
        stages.keys.filter { $0.kind == kind }.sorted()
    }

    /// A stage's seed: the spec's seed mixed with the stage's ID, never with timing or order.
    package func seed(for id: StageID) -> UInt64 { Planner.stageSeed(seed, id) }

    /// A seed shared by every stage that names `label`.
    package func seed(for label: String) -> UInt64 { Planner.stageSeed(seed, label) }
}
