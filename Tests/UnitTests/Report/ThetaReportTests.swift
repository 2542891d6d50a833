import Foundation
import FoundationXML
@testable import ParamRunReport
import ParamRunSupport
import Testing

/// What the report writes when θ has conditions: `auc_vs_theta.csv` and heat maps.
@Suite struct ThetaReportTests {
    static func summary(_ model: String, _ mass: Double, jes: Double, auc: Double, trained: Bool) -> EvaluationSummary {
        EvaluationSummary(
            model: model, type: "parameterized", mass: mass, auc: auc, aucError: 0.002, nSignal: 100, nBackground: 400,
            signalEfficiency: [:], trainMasses: [500], heldOut: [], conditions: ["jes": jes], trainedAtPoint: trained)
    }

    static let summaries = [
        summary("b", 1000, jes: 0.1, auc: 0.80, trained: false),
        summary("a", 1000, jes: -0.1, auc: 0.91, trained: false),
        summary("a", 500, jes: 0.1, auc: 0.85, trained: true),
        summary("b", 1000, jes: -0.1, auc: 0.90, trained: false),
        summary("a", 1000, jes: 0.1, auc: 0.88, trained: false),
        summary("b", 500, jes: 0.1, auc: 0.84, trained: true)
    ]

    @Test func theTableHasOneColumnPerComponentBesideModelAUCAndError() {
        let lines = AUCThetaTable.csv(Self.summaries).split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "model,type,mass,jes,auc,auc_err,n_signal,n_background,trained_at_point",
                "a,parameterized,500,0.1,0.850000,0.002000,100,400,true",
                "a,parameterized,1000,-0.1,0.910000,0.002000,100,400,false",
                "a,parameterized,1000,0.1,0.880000,0.002000,100,400,false",
                "b,parameterized,500,0.1,0.840000,0.002000,100,400,true",
                "b,parameterized,1000,-0.1,0.900000,0.002000,100,400,false",
                "b,parameterized,1000,0.1,0.800000,0.002000,100,400,false"
            ])
    }

    @Test func theReportWritesTheThetaTableHeatMapsAndVerdictsInsteadOfTheMassTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theta-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var builder = ReportBuilder(
            title: "t", specText: "", evaluations: Self.summaries.map { .init(summary: $0, folder: folder) },
            timings: [])
        builder.conditionAware = ["a"]
        let files = try builder.write(to: folder)
        #expect(files.contains(AUCThetaTable.fileName) && !files.contains(AUCTable.fileName))
        #expect(files.contains("plots/auc_heatmap_a.svg") && files.contains("plots/auc_heatmap_b.svg"))
        #expect(files.contains("plots/auc_diff_a_minus_b.svg"))
        let diff = try XMLDocument(
            xmlString: try String(
                contentsOf: folder.appendingPathComponent("plots/auc_diff_a_minus_b.svg"), encoding: .utf8))
        let texts = try diff.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        // 0.88 − 0.80 = +0.08 with σ = 0.002·√2: +28.3σ.
        #expect(texts.contains("+0.0800 ± 0.0028") && texts.contains("+28.3σ"))
        #expect(texts.contains("+0.0100 ± 0.0028") && texts.contains("+3.5σ"))
        let verdicts = builder.verdicts()
        #expect(
            verdicts.contains(
                "a vs b at jes = 0.1: mean +0.0450 AUC over 2 masses; better by > 2σ at 2, worse by > 2σ at 0, within 2σ at 0"
            ))
        #expect(
            verdicts.contains(
                "a vs b at jes = -0.1: mean +0.0100 AUC over 1 masses; better by > 2σ at 1, worse by > 2σ at 0, within 2σ at 0"
            ))
    }
}
