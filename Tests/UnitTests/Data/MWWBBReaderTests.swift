import Foundation
@testable import ParamRunData
import Testing

@Suite struct MWWBBReaderTests {
    static let realData = DataFixtures.project.appendingPathComponent("data/mwwbb")

    @Test func readsThePapersSampleWithTheBackgroundOnce() throws {
        #expect(
            try MWWBBReader.availableMasses(in: Self.realData) == [
                400, 500, 600, 700, 800, 1000, 1100, 1200, 1300, 1500
            ])
        let sample = try MWWBBReader.read(directory: Self.realData)
        #expect(sample.background.count == 1286)
        #expect(sample.signal.count == 1335 + 1695 + 1864 + 1893 + 1875 + 1792 + 1679 + 1552 + 1429 + 1197)
        #expect(sample.signal.featureNames == ["mwwbb"])
        let at1000 = sample.signal.features.enumerated().filter { sample.signal.theta[$0.offset] == 1000 }.map(
            \.element
        ).sorted()
        #expect(at1000.count == 1792)
        // SOURCE.md: median 1076.8 GeV at m_X = 1000.
        #expect(abs(Double(at1000[at1000.count / 2]) - 1076.8) < 1)
        let background = sample.background.features.sorted()
        #expect(abs(Double(background[background.count / 2]) - 549.5) < 1)
    }

    @Test func loadsAsADatasetWithSampledBackgroundTheta() throws {
        let request = DatasetRequest(
            source: .mwwbb(directory: Self.realData.path), masses: [500, 1000],
            signalPerMass: 1000, seed: 5)
        let table = try DatasetLoader.load(request)
        #expect(table.count == 2000 + 1286)
        let backgroundTheta = Set((0..<table.count).filter { table.labels[$0] == 0 }.map { table.theta[$0] })
        #expect(backgroundTheta == [500, 1000])
        let fixed = try DatasetLoader.load(
            DatasetRequest(
                source: .mwwbb(directory: Self.realData.path), masses: [750 + 250],
                backgroundTheta: .fixed(1000), seed: 5))
        #expect(fixed.count == 1792 + 1286)
        #expect(fixed.theta.allSatisfy { $0 == 1000 })
    }

    @Test func fixtureDirectoryAndItsErrors() throws {
        let good = try MWWBBReader.read(directory: DataFixtures.url("mwwbb"))
        #expect(good.signal.features == [410.5, 399.25, 1010.5])
        #expect(good.signal.theta == [400, 400, 1000])
        #expect(good.background.features == [300, 612.75])

        let bad = DataFixtures.url("mwwbb_bad")
        let number = DataFixtures.failure { try MWWBBReader.read(directory: bad, masses: [400]) }
        #expect(number?.kind == .badNumber("400.00000x"))
        #expect(number?.row == 2 && number?.column == 2 && number?.columnName == "mx")
        let columns = DataFixtures.failure { try MWWBBReader.read(directory: bad, masses: [500]) }
        #expect(columns?.kind == .wrongColumnCount(expected: 3, found: 2))
        #expect(columns?.row == 2)
        #expect(DataFixtures.failure { try MWWBBReader.read(directory: bad, masses: [600]) }?.kind == .emptyFile)
        let differing = DataFixtures.failure { try MWWBBReader.read(directory: bad, masses: [700, 800]) }
        #expect(differing?.path?.hasSuffix("ttbar_mx_800.dat") == true)
        let nan = DataFixtures.failure { try MWWBBReader.read(directory: bad, masses: [900]) }
        #expect(nan?.kind == .notFinite("nan"))
        #expect(nan?.row == 2 && nan?.column == 1 && nan?.columnName == "mwwbb")
        let absent = DataFixtures.failure { try MWWBBReader.read(directory: bad, masses: [950]) }
        if case .invalidRequest = absent?.kind {
        } else {
            Issue.record("expected invalidRequest, got \(String(describing: absent))")
        }
    }
}
