import Foundation
import ParamRunPipeline

/// One batch job: a single stage, or a job array of independent stages of one kind (the
/// trainings of a sweep), task `i` running `stages[i]`.
package struct JobGroup: Sendable, Equatable {
    package var kind: StageKind
    package var stages: [Stage]
    /// Stages outside this job that must finish first: submitted earlier in the same plan, or
    /// already queued or running from an earlier submission.
    package var parents: [StageID]

    package var isArray: Bool { stages.count > 1 }

    /// A name for the job's script and `--job-name`: the stage's for a single one, the kind's for an array.
    package var name: String { isArray ? kind.rawValue : "\(kind.rawValue)-\(stages[0].id.name)" }
}

/// What a submission must do: which stages are done, which are in flight, and which go to the
/// cluster as which jobs, parents before children.
package struct SubmissionPlan: Sendable {
    package var cached: [StageID]
    /// Stages whose job is still queued or running, by job reference: depended on, not resubmitted.
    package var live: [StageID: String]
    package var groups: [JobGroup]

    package var submittedStages: [Stage] { groups.flatMap(\.stages) }

    /// Plans the stages of `graph` that are neither in `store` nor in `live`.
    ///
    /// Stages of one kind become one job array unless one needs another: then each gets a
    /// layer (how many stages of its kind it waits for) and each layer is an array. Kinds follow
    /// the pipeline's order, so every job is submitted after the jobs it depends on.
    package static func make(graph: StageGraph, store: ArtifactStore, live: [StageID: String]) -> SubmissionPlan {
        var cached: [StageID] = []
        var layer: [StageID: Int] = [:]
        var toRun: [Stage] = []
        for stage in graph.stages {
            if store.contains(stage.key) { cached.append(stage.id); continue }
            if live[stage.id] != nil { continue }
            layer[stage.id] =
                stage.inputs.filter { $0.kind == stage.id.kind }.compactMap { layer[$0].map { $0 + 1 } }.max() ?? 0
            toRun.append(stage)
        }
        var order: [String] = []
        var byGroup: [String: (layer: Int, kind: StageKind, stages: [Stage])] = [:]
        for stage in toRun {
            let l = layer[stage.id]!
            let name = "\(stage.id.kind.rawValue)/\(l)"
            if byGroup[name] == nil { order.append(name); byGroup[name] = (l, stage.id.kind, []) }
            byGroup[name]!.stages.append(stage)
        }
        order.sort {
            let a = byGroup[$0]!, b = byGroup[$1]!
            return (a.kind.order, a.layer) < (b.kind.order, b.layer)
        }
        let groups = order.map { name -> JobGroup in
            let g = byGroup[name]!
            var parents: [StageID] = []
            for stage in g.stages {
                for input in stage.inputs where !cached.contains(input) && !parents.contains(input) {
                    parents.append(input)
                }
            }
            return JobGroup(kind: g.kind, stages: g.stages, parents: parents)
        }
        return SubmissionPlan(cached: cached, live: live, groups: groups)
    }
}
