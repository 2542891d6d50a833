import Foundation
import Testing
@testable import ParamRunStats

/// Inference on the published ATLAS sbottom likelihood (region A) with one signal patch
/// (m_sbottom 1300, m_χ₂ 850, m_χ₁ 60; both files copied byte for byte), against pyhf 0.7.6
/// (numpy backend, scipy): `hypotest(1.0, …, return_expected_set=True)`,
/// `upper_limit(data, model, scan=None)` (toms748, rtol 1e-4) and `hypotest(0.0, test_stat="q0")`.
@Suite struct InferenceSbottomTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/histfactory/sbottom-regionA")

    /// BkgOnly.json with the patch's operations applied: it adds the signal sample to two channels
    /// and removes the validation region. Only those two operations are needed; the project's JSON
    /// Patch code lives with the workspace reader, outside this module.
    static func patchedWorkspace() throws -> HistFactoryWorkspace {
        var ws = try HistFactoryWorkspace.load(from: folder.appendingPathComponent("BkgOnly.json"))
        let data = try Data(contentsOf: folder.appendingPathComponent("patch.sbottom_1300_850_60.json"))
        let ops = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        for op in ops {
            let path = try #require(op["path"] as? String).split(separator: "/").map(String.init)
            let channel = try #require(Int(path[1]))
            switch (op["op"] as? String, path.count) {
            case ("add", 4):
                let json = try JSONSerialization.data(withJSONObject: try #require(op["value"]))
                let sample = try JSONDecoder().decode(HistFactoryWorkspace.Sample.self, from: json)
                ws.channels[channel].samples.insert(sample, at: try #require(Int(path[3])))
            case ("remove", 2):
                ws.channels.remove(at: channel)
            default:
                Issue.record("unexpected patch operation \(op)")
            }
        }
        return ws
    }

    @Test func clsLimitAndP0MatchPyhf() throws {
        let model = try HistFactoryModel(workspace: Self.patchedWorkspace())
        #expect(model.parameters[model.poiIndex].name == "mu_SIG")
        let calc = try AsymptoticCalculator(model: model)
        let cls = try calc.cls(mu: 1)
        #expect(abs(cls.clsObserved / 0.0009122798805602511 - 1) < 1e-4)
        let pyhfExpected = [
            4.3896765568765704e-05, 0.000549134903006885, 0.005892650229867198, 0.047235475129794584,
            0.23076589280865636
        ]
        // pyhf's scipy fits stop early: its smallest tail probabilities carry ~1e-4 of relative noise.
        for (ours, theirs) in zip(cls.clsExpected, pyhfExpected) { #expect(abs(ours / theirs - 1) < 1e-3) }
        let limit = try calc.upperLimit()
        #expect(abs(limit.observed / 0.459073729976357 - 1) < 2e-4)
        let pyhfLimits = [
            0.30327076380803186, 0.4280293105020535, 0.6406692807499673, 0.986986217389942, 1.4862407966688205
        ]
        for (ours, theirs) in zip(limit.expected.ordered, pyhfLimits) { #expect(abs(ours / theirs - 1) < 2e-4) }
        let discovery = try calc.discovery()
        #expect(abs(discovery.p0Observed - 0.4998567891613485) < 1e-3)
        #expect(abs(discovery.p0Expected / 0.014627996957202825 - 1) < 1e-3)
    }
}
