import Foundation
@testable import ParamRunData
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// θ conditions travel as marked feature columns through subsets, appends and artifacts.
@Suite struct ConditionColumnTests {
    @Test func aConditionColumnSurvivesRowsSelectionAndArtifacts() throws {
        let table = EventTable(
            featureNames: ["a", "b"], features: [1, 2, 3, 4, 5, 6], labels: [1, 0, 1], theta: [10, 10, 20]
        )
        .appendingCondition("jes", value: -0.05)
        #expect(table.featureNames == ["a", "b", "jes"])
        #expect(table.parameterNames == ["jes"])
        #expect(table.measuredFeatureNames == ["a", "b"])
        #expect(table.condition("jes") == [Float](repeating: -0.05, count: 3))
        #expect(table.rows([2, 0]).parameterNames == ["jes"])
        #expect(try table.selecting(.names(["b"])).parameterNames.isEmpty)
        let folder = try TemporaryDirectory.make("conditions")
        defer { try? FileManager.default.removeItem(at: folder) }
        try table.writeArtifacts(to: folder)
        #expect(try EventTable.readArtifacts(from: folder) == table)
        #expect(table.matches(row: 1, conditions: ["jes": -0.05], columns: table.conditionColumns))
        #expect(!table.matches(row: 1, conditions: ["jes": 0.05], columns: table.conditionColumns))
    }

    @Test func aMassOnlyTableWritesNoParameterNamesInItsManifest() throws {
        let folder = try TemporaryDirectory.make("conditions")
        defer { try? FileManager.default.removeItem(at: folder) }
        try EventTable(featureNames: ["a"], features: [1], labels: [1], theta: [5]).writeArtifacts(to: folder)
        let manifest = try String(contentsOf: folder.appendingPathComponent("table.json"), encoding: .utf8)
        #expect(!manifest.contains("parameterNames"))
    }

    @Test func theLoaderStacksOneGroupPerConditionSetting() throws {
        let base = DatasetRequest(source: .xttbar, masses: [500], signalPerMass: 30, background: 40, seed: 2)
        let groups = [-0.1, 0.1].map { jes -> DatasetRequest in
            var r = base
            r.conditions = ["jes": jes]
            return r
        }
        let table = try DatasetLoader.load(groups)
        #expect(table.count == 140)
        #expect(table.parameterNames == ["jes"])
        let jes = try #require(table.condition("jes"))
        #expect(jes.filter { $0 == Float(-0.1) }.count == 70 && jes.filter { $0 == Float(0.1) }.count == 70)
    }

    @Test func scalerFitsEachColumnWithItsOwnKind() {
        let table = EventTable(
            featureNames: ["a", "jes"], features: [0, -0.1, 10, 0.1], labels: [1, 0], theta: [500, 1500])
        let scaler = Scaler.fit(table, kind: .standard, columnKinds: ["jes": .identity], thetaKind: .minMax)
        #expect(scaler.offsets == [5, 0] && scaler.scales == [0.2, 1])
        #expect(scaler.thetaOffset == 500 && scaler.thetaScale == Float(1) / 1000)
    }
}
