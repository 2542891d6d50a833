import Foundation
import ParamRunPipeline

/// HTCondor expands `$(NAME)`, `$ENV(NAME)`, `$$(NAME)` and the like everywhere in a submit
/// file and in DAG `VARS` values, quoted or not, and has no escape for them: a path holding such
/// text would silently become another path on the execute node. Such paths are refused.
extension HTCondorBackend {
    /// Refuses every path that goes into the submit file or the DAG and holds a macro's start
    /// (`$` and an optional name, then `(`), naming the path.
    static func checkMacros(_ plan: SubmissionPlan, context: ClusterContext, files: [URL]) throws {
        var paths = [
            ("spec file", context.specPath), ("outputs folder", context.outputs.path),
            ("paramrun executable", context.executable)
        ]
        paths += files.map { ("HTCondor file", $0.path) }
        paths += plan.submittedStages.map { ("log of \($0.id)", context.logURL($0.id).path) }
        for (what, path) in paths where containsMacro(path) {
            throw ClusterError.unsafePath(
                what: what, path: path,
                reason: "HTCondor would read its '$(' as a macro ($(…), $ENV(…)), and has no way to escape it")
        }
    }

    /// Whether `text` holds `$(`, or `$` and a name then `(`, as HTCondor macros start.
    static func containsMacro(_ text: String) -> Bool {
        text.range(of: #"\$[A-Za-z_]*\("#, options: .regularExpression) != nil
    }
}
