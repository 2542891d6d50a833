import Foundation
@testable import ParamRunMetrics
import Testing

/// Values scikit-learn 1.9.1 computed once (bench/make_metrics_reference.py), and DeLong variances
/// from that script's pairwise O(n·m) implementation.
struct MetricsReference: Decodable, CustomTestStringConvertible {
    var name: String
    var scores: [Float]
    var labels: [Float]
    var weights: [Float]?
    var roc_auc_score: Double
    var fpr: [Double]
    var tpr: [Double]
    var thresholds_after_inf: [Float]
    var signal_efficiency: [String: Double]
    var delong_variance: Double?

    var testDescription: String { name }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/metrics")

    static let names = [
        "random", "ties-2dp", "ties-1dp", "all-equal", "separated", "inverted",
        "logits-signed-zero", "weighted-ties"
    ]

    static func load(_ name: String) throws -> MetricsReference {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        return try JSONDecoder().decode(MetricsReference.self, from: data)
    }
}

@Suite struct MetricsReferenceTests {
    @Test(arguments: MetricsReference.names)
    func rocMatchesScikitLearnPointForPoint(name: String) throws {
        let ref = try MetricsReference.load(name)
        let roc = try Metrics.roc(scores: ref.scores, labels: ref.labels, weights: ref.weights)
        #expect(roc.thresholds.count == ref.fpr.count)
        #expect(roc.thresholds.first == .infinity)
        #expect(Array(roc.thresholds.dropFirst()) == ref.thresholds_after_inf)
        // Unweighted efficiencies are count ratios, computed exactly as numpy does; weighted sums
        // may differ in the last bits from a different summation order.
        let tolerance = ref.weights == nil ? 0 : 1e-12
        for (ours, theirs) in zip(roc.backgroundEfficiency, ref.fpr) { #expect(abs(ours - theirs) <= tolerance) }
        for (ours, theirs) in zip(roc.signalEfficiency, ref.tpr) { #expect(abs(ours - theirs) <= tolerance) }
        #expect(abs(roc.area - ref.roc_auc_score) < 1e-12)
    }

    @Test(arguments: MetricsReference.names)
    func aucAndDeLongMatchTheReference(name: String) throws {
        let ref = try MetricsReference.load(name)
        guard ref.weights == nil, let variance = ref.delong_variance else { return }
        let result = try Metrics.auc(scores: ref.scores, labels: ref.labels)
        #expect(abs(result.auc - ref.roc_auc_score) < 1e-14)
        #expect(result.nSignal == ref.labels.filter { $0 == 1 }.count)
        #expect(result.nBackground == ref.labels.count - result.nSignal)
        let se = try #require(result.standardError)
        #expect(abs(se * se - variance) <= 1e-12 * max(variance, 1e-300) + 1e-18)
    }

    @Test(arguments: MetricsReference.names)
    func signalEfficienciesMatchTheReference(name: String) throws {
        let ref = try MetricsReference.load(name)
        let roc = try Metrics.roc(scores: ref.scores, labels: ref.labels, weights: ref.weights)
        for target in Metrics.standardBackgroundEfficiencies {
            let expected = try #require(ref.signal_efficiency[String(target)])
            #expect(abs(Metrics.signalEfficiency(at: target, on: roc) - expected) < 1e-12, "at \(target)")
        }
    }

    @Test func everyFixtureIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: MetricsReference.directory.path)
            .filter { $0.hasSuffix(".json") && $0 != "README.json" }
            .map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(MetricsReference.names))
    }
}
