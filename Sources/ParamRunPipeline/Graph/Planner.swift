import Foundation
import ParamRunSpec
import ParamRunSupport

/// Turns a validated ``Spec`` into its ``StageGraph``: each registered stage kind adds its
/// stages, in ``StageRegistry`` order.
public enum Planner {
    /// The spec's stage graph; throws a ``GraphError`` only if a stage kind plans inconsistently.
    public static func plan(_ spec: Spec) throws -> StageGraph {
        var builder = PlanBuilder(seed: spec.seed)
        for definition in StageRegistry.definitions {
            try definition.plan(spec, into: &builder)
        }
        return try StageGraph(Array(builder.stages.values))
    }

    /// The evaluate stage of one (model, mass, data) point.
    package static func evaluateID(_ point: EvaluationSpec.Point) -> StageID {
        EvaluateStage.id(point)
    }

    /// A stage's seed: the spec's seed mixed with the stage's ID, never with timing or order.
    package static func stageSeed(_ seed: UInt64, _ id: StageID) -> UInt64 {
        stageSeed(seed, id.description)
    }

    static func stageSeed(_ seed: UInt64, _ label: String) -> UInt64 {
        // The first 16 hex digits of a SHA-256 always parse as a UInt64.
        UInt64(SHA256.hex("\(seed)/\(label)").prefix(16), radix: 16) ?? 0
    }
}
