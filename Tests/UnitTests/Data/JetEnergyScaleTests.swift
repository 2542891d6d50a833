import Foundation
@testable import ParamRunData
import ParamRunSupport
import Testing

/// The jet-energy-scale condition of the X → tt̄ generator: jets move by (1 + δ), the lepton not.
@Suite struct JetEnergyScaleTests {
    /// Signal at 1000 GeV made under `jes` on the nominal streams, as the `load` stage makes it.
    static func signal(jes: Double, count: Int = 20_000) throws -> EventTable {
        var request = DatasetRequest(source: .xttbar, masses: [1000], signalPerMass: count, background: 0, seed: 14)
        request.conditions = ["jes": jes]
        return try TTbarSource(path: nil).events(for: request).signal
    }

    /// The peak of a reconstructed mass: the mean inside ±`halfWidth` of the histogram's mode,
    /// iterated so the window settles on the peak, with the mean's standard error.
    static func peak(_ values: [Float], start: Double, halfWidth: Double) -> (value: Double, error: Double) {
        var centre = start
        var inside: [Double] = []
        for _ in 0..<20 {
            inside = values.map(Double.init).filter { abs($0 - centre) < halfWidth }
            let mean = inside.reduce(0, +) / Double(inside.count)
            if abs(mean - centre) < 1e-6 { break }
            centre = mean
        }
        let variance = inside.map { ($0 - centre) * ($0 - centre) }.reduce(0, +) / Double(inside.count - 1)
        return (centre, (variance / Double(inside.count)).squareRoot())
    }

    static func meanAndError(_ values: [Float]) -> (mean: Double, error: Double) {
        let x = values.map(Double.init)
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)
        return (mean, (variance / Double(x.count)).squareRoot())
    }

    /// m_jj of the events whose b-tags fix which jets form the W: exactly two of the four tagged,
    /// so the two untagged ones are the W pair whatever the χ² prefers.
    static func tagFixedMjj(_ table: EventTable) -> [Float] {
        (0..<table.count).filter { r in [9, 13, 17, 21].map { table.feature(row: r, column: $0) }.reduce(0, +) == 2 }
            .map { table.feature(row: $0, column: 22) }
    }

    /// Where the b-tags fix the assignment, the m_jj peak moves by (1 + δ). (Over all events it
    /// moves by about 0.91 δ: the χ² that picks the W pair in the others pulls toward the nominal
    /// m_W = 80.4 and m_t = 173 it is written with, as an analysis's reconstruction would.)
    @Test func theMjjPeakMovesByOnePlusDeltaWithinItsError() throws {
        // 40k events: about 15k with exactly two tags, so each peak is known to 0.1%.
        let nominal = try Self.signal(jes: 0, count: 40_000)
        for delta in [-0.1, 0.1] {
            let shifted = try Self.signal(jes: delta, count: 40_000)
            // The window scales with the expected peak, so both peaks are measured alike.
            let a = Self.peak(Self.tagFixedMjj(nominal), start: 80.4, halfWidth: 12)
            let b = Self.peak(Self.tagFixedMjj(shifted), start: 80.4 * (1 + delta), halfWidth: 12 * (1 + delta))
            let ratio = b.value / a.value
            let error =
                ratio
                * ((a.error / a.value) * (a.error / a.value) + (b.error / b.value) * (b.error / b.value)).squareRoot()
            print(
                "jes \(delta): m_jj peak \(a.value) ± \(a.error) -> \(b.value) ± \(b.error); ratio \(ratio) ± \(error)")
            #expect(abs(ratio - (1 + delta)) < 3 * error, "m_jj peak ratio \(ratio) ± \(error) at jes \(delta)")
        }
    }

    @Test func leptonFeaturesDoNotMove() throws {
        let nominal = try Self.signal(jes: 0)
        for delta in [-0.1, 0.1] {
            let shifted = try Self.signal(jes: delta)
            for column in [0, 1] { // lepton pT and η
                let a = Self.meanAndError(nominal.column(column)), b = Self.meanAndError(shifted.column(column))
                let error = (a.error * a.error + b.error * b.error).squareRoot()
                print("jes \(delta): f\(column) mean \(a.mean) ± \(a.error) -> \(b.mean) ± \(b.error)")
                #expect(
                    abs(b.mean - a.mean) < 3 * error, "f\(column) moved from \(a.mean) to \(b.mean) at jes \(delta)")
            }
        }
    }

    @Test func theShiftCarriesThroughToJetsAndTheHighLevelMasses() throws {
        let nominal = try Self.signal(jes: 0)
        let shifted = try Self.signal(jes: 0.1)
        // The same streams: the first event passes the cuts at both scales, so it is the same event.
        #expect(nominal.feature(row: 0, column: 0) == shifted.feature(row: 0, column: 0))
        let leadingPt = shifted.feature(row: 0, column: 6) / nominal.feature(row: 0, column: 6)
        #expect(abs(Double(leadingPt) - 1.1) < 1e-5)
        // m_jjj, m_WWbb: their medians rise with the jets (m_WWbb less, the lepton and ν hold part).
        for column in [23, 26] {
            let a = nominal.column(column).sorted(), b = shifted.column(column).sorted()
            #expect(b[b.count / 2] > a[a.count / 2] * 1.02, "median of f\(column) did not rise")
        }
    }

    @Test func jesZeroIsTheNominalSampleBitForBit() throws {
        let request = DatasetRequest(source: .xttbar, masses: [1000], signalPerMass: 500, background: 500, seed: 3)
        var zero = request
        zero.conditions = ["jes": 0]
        let a = try TTbarSource(path: nil).events(for: request), b = try TTbarSource(path: nil).events(for: zero)
        #expect(a.signal == b.signal && a.background == b.background)
    }

    @Test func aSourceRefusesAConditionItDoesNotKnow() {
        var request = DatasetRequest(source: .toy, masses: [1], signalPerMass: 10, background: 10)
        request.conditions = ["jes": 0.1]
        #expect(throws: DataError.self) { try DatasetLoader.load(request) }
    }
}
