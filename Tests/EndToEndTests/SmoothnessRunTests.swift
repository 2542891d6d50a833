import Foundation
import ParamRunTestSupport
import Testing

/// Affine conditioning and the smoothness check through the binary, on the toy: an affine and a
/// concatenated network interpolate to θ = 0.5, and the smoothness check passes both and flags
/// the network trained with θ shuffled across its events.
@Suite struct SmoothnessRunTests {
    struct Summary: Decodable {
        var model: String
        var events: Int
        var points: Int
        var fractionWiggly: Double
        var flagged: Bool
    }

    struct AUC: Decodable {
        var auc: Double
    }

    @Test func theShuffledControlIsFlaggedAndTheTrainedNetworksAreNot() throws {
        let root = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-smoothness.yaml").path
        let run = try Binary.run(["run", spec, "--outputs", root.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let folder = root.appendingPathComponent("toy-smoothness")
        func summary(_ model: String) throws -> Summary {
            try JSONDecoder().decode(
                Summary.self, from: Data(contentsOf: folder.appendingPathComponent("smoothness/\(model).json")))
        }
        func auc(_ model: String) throws -> Double {
            try JSONDecoder().decode(
                AUC.self, from: Data(contentsOf: folder.appendingPathComponent("auc/\(model)_0.5.json"))
            ).auc
        }
        let concat = try summary("concat"), affine = try summary("affine"), shuffled = try summary("shuffled")
        #expect(concat.events == 400 && concat.points == 81)
        #expect(!concat.flagged && !affine.flagged, "concat \(concat.fractionWiggly), affine \(affine.fractionWiggly)")
        #expect(shuffled.flagged, "shuffled \(shuffled.fractionWiggly)")
        // Both conditionings interpolate to the unseen θ; the θ-blind control cannot.
        let (a, c, s) = (try auc("affine"), try auc("concat"), try auc("shuffled"))
        #expect(a > 0.85 && c > 0.85, "affine \(a), concat \(c)")
        #expect(s < min(a, c) - 0.05, "shuffled \(s) against \(a), \(c)")
        // One line per check in the report, the control's flagged.
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("shuffled: ") && report.contains("**flagged: not smooth in θ**"))
        #expect(report.contains("affine: ") && report.contains("smooth in θ (limit 5%)"))
    }
}
