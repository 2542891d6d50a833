import Foundation
import ParamRunTestSupport
import Testing

/// The paper's central claim, checked on a small run: a parameterized network interpolates to a
/// mass it never saw as well as a network trained there, and an unlabeled mixture falls below.
@Suite struct PaperClaimsTests {
    struct Row {
        var auc: Double
        var error: Double
    }

    func table(_ csv: String) -> [String: Row] {
        var rows: [String: Row] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows[f[0]] = Row(auc: Double(f[3])!, error: Double(f[4])!)
        }
        return rows
    }

    @Test func aParameterizedNetworkInterpolatesToAHeldOutMass() throws {
        let outputs = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outputs) }
        let spec = Binary.fixtures.appendingPathComponent("specs/run/interpolation-check.yaml").path
        let result = try Binary.run(["run", spec, "--outputs", outputs.path, "--quiet"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let csv = try String(
            contentsOf: outputs.appendingPathComponent("interpolation-check/auc_vs_mass.csv"), encoding: .utf8)
        let rows = table(csv)
        let fixed = try #require(rows["fixed-1000"])
        let interpolated = try #require(rows["parameterized-without-1000"])
        let mixture = try #require(rows["mixture"])
        let sigma = (fixed.error * fixed.error + interpolated.error * interpolated.error).squareRoot()
        #expect(
            abs(interpolated.auc - fixed.auc) < 3 * sigma,
            "held-out AUC \(interpolated.auc) vs fixed \(fixed.auc), 3σ = \(3 * sigma)")
        #expect(mixture.auc < fixed.auc)
        #expect(mixture.auc < interpolated.auc)
    }
}
