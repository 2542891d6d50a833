import Foundation
@testable import ParamRunData
import Testing

@Suite struct ScalerTests {
    static func moments(_ values: [Float]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    @Test func standardScalingOfFeaturesAndTheta() throws {
        let train = try DatasetLoader.load(
            DatasetRequest(
                source: .xttbar, masses: [500, 1000, 1500], signalPerMass: 2000,
                background: 6000, part: .train, seed: 4))
        let scaler = Scaler.fit(train, kind: .standard)
        let scaled = try scaler.apply(train)
        for c in [0, 3, 6, 22, 26] {
            let (mean, std) = Self.moments(scaled.column(c))
            #expect(abs(mean) < 1e-3, "column \(c)")
            #expect(abs(std - 1) < 1e-3, "column \(c)")
        }
        let (thetaMean, thetaStd) = Self.moments(scaled.theta)
        #expect(abs(thetaMean) < 1e-3 && abs(thetaStd - 1) < 1e-3)
        // θ given at evaluation time is scaled the same way, and back.
        #expect(abs(scaler.unscaleTheta(scaler.scaleTheta(750)) - 750) < 1e-3)
        let pairs = try scaler.inputColumns()
        #expect(pairs.count == 28)
        #expect(pairs[27].offset == scaler.thetaOffset && pairs[27].scale == scaler.thetaScale)
        #expect((train.features[26] - pairs[26].offset) * pairs[26].scale == scaled.features[26])
    }

    @Test func minMaxMapsTrainingDataOntoTheUnitInterval() throws {
        let table = try DatasetLoader.load(
            DatasetRequest(source: .toy, masses: [-1, 1], signalPerMass: 500, background: 1000, seed: 2))
        let scaled = try Scaler.fit(table, kind: .minMax).apply(table)
        #expect(scaled.features.min()! == 0)
        #expect(abs(scaled.features.max()! - 1) < 1e-6)
        #expect(Set(scaled.theta) == [0, 1])
    }

    @Test func constantColumnsAreLeftUnscaledAndTheScalerIsSaved() throws {
        let table = EventTable(
            featureNames: ["a", "b"], features: [1, 5, 2, 5, 3, 5], labels: [0, 1, 0], theta: [7, 7, 7])
        let scaler = Scaler.fit(table, kind: .standard)
        #expect(scaler.scales[1] == 1)
        #expect(scaler.thetaScale == 1)
        let scaled = try scaler.apply(table)
        #expect(scaled.column(1) == [0, 0, 0])
        #expect(scaled.features.allSatisfy { $0.isFinite })
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("scaler.json")
        try scaler.save(to: url)
        #expect(try Scaler.load(from: url) == scaler)
        // A table with a subset of the fitted columns is scaled by name.
        let onlyB = try table.selecting(.names(["b"]))
        #expect(try scaler.apply(onlyB).column(0) == [0, 0, 0])
        let other = EventTable(featureNames: ["c"], features: [1], labels: [1], theta: [1])
        #expect(DataFixtures.failure { try scaler.apply(other) } != nil)
    }
}
