import Foundation
@testable import ParamRunData
import Testing

@Suite struct DatasetLoaderTests {
    @Test func toyMatchesThePapersFigure2() throws {
        let masses = [-2.0, -1, 0, 1, 2]
        let table = try DatasetLoader.load(
            DatasetRequest(
                source: .toy, masses: masses, signalPerMass: 20_000,
                background: 100_000, seed: 1))
        #expect(table.featureNames == ["x"])
        #expect(table.count == 200_000)
        for m in masses {
            let x = (0..<table.count).filter { table.labels[$0] == 1 && Double(table.theta[$0]) == m }.map {
                Double(table.features[$0])
            }
            #expect(x.count == 20_000)
            let mean = x.reduce(0, +) / Double(x.count)
            let std = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count)).squareRoot()
            #expect(abs(mean - m) < 0.01)
            #expect(abs(std - 0.25) < 0.01)
        }
        let background = (0..<table.count).filter { table.labels[$0] == 0 }.map { table.features[$0] }
        #expect(background.min()! >= -3 && background.max()! <= 3)
        // Uniform: each unit interval holds a sixth.
        let inFirst = background.filter { $0 < -2 }.count
        #expect(abs(Double(inFirst) / Double(background.count) - 1.0 / 6) < 0.01)
        // Background θ is drawn from the signal masses, about equally often.
        let bkgTheta = (0..<table.count).filter { table.labels[$0] == 0 }.map { Double(table.theta[$0]) }
        for m in masses {
            #expect(abs(Double(bkgTheta.filter { $0 == m }.count) / Double(bkgTheta.count) - 0.2) < 0.01)
        }
    }

    @Test func partsAreDisjointStratifiedAndReproducible() throws {
        var request = DatasetRequest(
            source: .toy, masses: [0.5, 1.5, 2.5], signalPerMass: 1000, background: 3000,
            testFraction: 0.3, validationFraction: 0.1, seed: 99)
        let all = try DatasetLoader.load(request)
        request.part = .train
        let train = try DatasetLoader.load(request)
        request.part = .validation
        let validation = try DatasetLoader.load(request)
        request.part = .test
        let test = try DatasetLoader.load(request)
        #expect(train.count + validation.count + test.count == all.count)
        #expect(test == (try DatasetLoader.load(request)))
        let key = { (t: EventTable, i: Int) in "\(t.features[i])/\(t.labels[i])/\(t.theta[i])" }
        let trainKeys = Set((0..<train.count).map { key(train, $0) })
        let testKeys = Set((0..<test.count).map { key(test, $0) })
        #expect(trainKeys.isDisjoint(with: testKeys))
        // Each mass keeps 30% of its signal in the test part.
        for m: Float in [0.5, 1.5, 2.5] {
            #expect((0..<test.count).filter { test.labels[$0] == 1 && test.theta[$0] == m }.count == 300)
            #expect(
                (0..<validation.count).filter { validation.labels[$0] == 1 && validation.theta[$0] == m }.count == 100)
        }
        let badFractions = DataFixtures.failure {
            try Split.indices(of: all, validationFraction: 0.6, testFraction: 0.6, seed: 1)
        }
        #expect(badFractions != nil)
    }

    @Test func hepmassMassesMatchWithATolerance() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let request = DatasetRequest(
            source: .hepmass(path: DataFixtures.url("good.csv").path), masses: [500],
            backgroundTheta: .asStored, cacheDirectory: dir.path)
        let table = try DatasetLoader.load(request)
        // good.csv: signal at 499.999969, 1500 and 1000; background at 1000 and 499.999969.
        #expect(table.labels == [1, 0])
        #expect(table.theta == [500, 500])
        var sampled = request
        sampled.backgroundTheta = .sampled
        sampled.masses = []
        let all = try DatasetLoader.load(sampled)
        #expect(all.count == 5)
        #expect(Set(all.theta) == [500, 1000, 1500])
    }

    @Test func selectionsAndTheInputMatrix() throws {
        let table = try DatasetLoader.load(
            DatasetRequest(
                source: .xttbar, masses: [1000], signalPerMass: 20,
                background: 20, features: .highLevel, seed: 3))
        #expect(table.featureNames == ["f22", "f23", "f24", "f25", "f26"])
        let full = try DatasetLoader.load(
            DatasetRequest(
                source: .xttbar, masses: [1000], signalPerMass: 20,
                background: 20, seed: 3))
        let low = try full.selecting(.lowLevel)
        #expect(low.featureCount == 22)
        let (values, columns) = try full.inputMatrix(selection: .names(["f26", "f0"]))
        #expect(columns == 3)
        #expect(values[0] == full.feature(row: 0, column: 26))
        #expect(values[1] == full.feature(row: 0, column: 0))
        #expect(values[2] == full.theta[0])
        #expect(values.count == full.count * 3)
        #expect(DataFixtures.failure { try full.selecting(.names(["nope"])) } != nil)
        let toy = try DatasetLoader.load(DatasetRequest(source: .toy, masses: [0], signalPerMass: 5, background: 5))
        #expect(DataFixtures.failure { try toy.selecting(.lowLevel) } != nil)
        #expect(DataFixtures.failure { try DatasetLoader.load(DatasetRequest(source: .toy, masses: [0])) } != nil)
    }
}
