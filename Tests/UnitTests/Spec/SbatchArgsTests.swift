import Foundation
@testable import ParamRunSpec
import Testing

/// Each `cluster.sbatch_args` item goes on its own `#SBATCH` line, which sbatch splits into
/// words: an item is one long flag, and flags paramrun sets or that change what runs are refused.
@Suite struct SbatchArgsTests {
    static let header = """
        name: s
        datasets:
          train: {source: toy, masses: [0], signal_per_mass: 10, background: 10}
          test: {source: toy, masses: [0], signal_per_mass: 10, background: 10}
        models:
          m: {type: parameterized, hidden: [2], epochs: 1}
        evaluate: {masses: [0], models: [m]}

        """

    func errors(_ item: String) -> [String] {
        let text = Self.header + "cluster:\n  sbatch_args: [\"\(item)\"]\n"
        do {
            _ = try SpecLoader.load(text: text, file: "s.yaml")
            return []
        } catch let error as SpecError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: [
        "--qos=a --wrap=id", "--qos=a\t--wrap=id", "--wrap=id", "--wra=id", "--output=/tmp/x", "--dependency=1",
        "-p", "exclusive", "--comment='a'", "--", "--=x", "--qos=a\u{A0}--wrap=id"
    ])
    func aSmuggledOrReservedFlagIsRefusedAtItsItem(item: String) {
        let found = errors(item)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("s.yaml:9:17: error: each of cluster.sbatch_args") == true, "\(found)")
    }

    @Test(arguments: ["--qos=normal", "--exclusive", "--constraint=avx2", "--mail-type=END"])
    func oneLongFlagIsKept(item: String) throws {
        let spec = try SpecLoader.load(text: Self.header + "cluster:\n  sbatch_args: [\"\(item)\"]\n", file: "s.yaml")
        #expect(spec.cluster.sbatchArgs == [item])
    }
}
