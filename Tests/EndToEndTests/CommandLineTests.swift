import Foundation
import ParamRunTestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func versionPrintsTheVersion() throws {
        let result = try Binary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("paramrun 0."))
        // The BLAS kernel and thread count belong in every bug report.
        #expect(result.stdout.contains("OpenBLAS"))
        #expect(result.stdout.contains("kernel"))
    }

    @Test func helpListsTheCommands() throws {
        let result = try Binary.run(["--help"])
        #expect(result.status == 0)
        for command in ["run", "validate", "plan", "stage", "generate", "doctor"] {
            #expect(result.stdout.contains(command))
        }
    }

    @Test func validateAcceptsEveryShippedSpec() throws {
        let specs = try FileManager.default.contentsOfDirectory(
            atPath: Binary.packageRoot.appendingPathComponent("specs").path
        )
        // root-demo's ntuples are committed (data/xttbar-root/), so every spec validates on a fresh clone.
        .filter { $0.hasSuffix(".yaml") }.map { "specs/\($0)" }
        #expect(!specs.isEmpty)
        let result = try Binary.run(["validate"] + specs)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == specs.count)
    }

    @Test func planPrintsEveryStageInTextDotAndMermaid() throws {
        let text = try Binary.run(["plan", "specs/smoke.yaml"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("plan for smoke (specs/smoke.yaml): 9 stages"))
        for id in [
            "load/train", "load/test", "scale/fixed-1000", "train/param-without-1000",
            "evaluate/fixed-1000@1000", "evaluate/param-without-1000@1000", "report/smoke"
        ] {
            #expect(text.stdout.contains(id))
        }
        let dot = try Binary.run(["plan", "specs/smoke.yaml", "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph \"smoke\" {"))
        #expect(dot.stdout.contains("\"train/fixed-1000\" -> \"evaluate/fixed-1000@1000\";"))
        let mermaid = try Binary.run(["plan", "specs/smoke.yaml", "--format", "mermaid"])
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
        #expect(mermaid.stdout.components(separatedBy: " --> ").count - 1 == 10)
    }

    @Test func planRejectsAnUnknownFormat() throws {
        let result = try Binary.run(["plan", "specs/smoke.yaml", "--format", "png"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("png"))
    }

    @Test func planReportsSpecErrorsWithExitCodeTwo() throws {
        let result = try Binary.run(["plan", "Tests/Fixtures/specs/invalid/zero-epochs.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("zero-epochs.yaml:10:40: error: epochs must be at least 1, found 0"))
    }
}
