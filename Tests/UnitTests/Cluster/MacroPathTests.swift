import Foundation
@testable import ParamRunCluster
@testable import ParamRunPipeline
@testable import ParamRunSpec
import Testing

/// HTCondor expands `$(…)` wherever it appears and cannot escape it: such paths are refused at
/// submit, before any file is written, naming the path.
@Suite struct MacroPathTests {
    @Test(arguments: ["out$(HOME)", "out$ENV(HOME)", "out$$(Cpus)", "out$RANDOM_CHOICE(a,b)"])
    func anOutputsPathWithAMacroIsRefusedBeforeAnyFileIsWritten(name: String) throws {
        let scratch = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputs = scratch.appendingPathComponent(name)
        let c = try ClusterFixtures.context(outputs: outputs)
        let plan = SubmissionPlan.make(graph: c.graph, store: c.store, live: [:])
        #expect {
            try HTCondorBackend().submit(plan, context: c, dryRun: true, log: { _ in }, record: { _, _ in })
        } throws: { error in
            guard case .unsafePath(let what, let path, let reason) = error as? ClusterError else { return false }
            return what == "outputs folder" && path == outputs.path && reason.contains("macro")
        }
        #expect(!FileManager.default.fileExists(atPath: c.scriptsFolder(.htcondor).path))
    }

    @Test func aSpecPathWithAMacroIsRefusedAndAPlainDollarIsNot() throws {
        let scratch = ClusterFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let refused = try ClusterFixtures.context(outputs: scratch, file: "/data/$(Owner)/sweep.yaml")
        let plan = SubmissionPlan.make(graph: refused.graph, store: refused.store, live: [:])
        #expect(throws: ClusterError.self) {
            try HTCondorBackend().submit(plan, context: refused, dryRun: true, log: { _ in }, record: { _, _ in })
        }
        let plain = try ClusterFixtures.context(outputs: scratch, file: "/data/price$5/sweep.yaml")
        try HTCondorBackend().submit(plan, context: plain, dryRun: true, log: { _ in }, record: { _, _ in })
        #expect(HTCondorBackend.containsMacro("a$(b)") && !HTCondorBackend.containsMacro("a$b"))
    }
}
