import Foundation
@testable import ParamRunData
@testable import ParamRunSupport
import Testing

/// The physics the real samples show, checked on the generator's output.
@Suite struct TTbarGeneratorTests {
    /// The most populated bin's centre.
    static func mode(_ values: [Float], lower: Double, upper: Double, bins: Int) -> Double {
        var counts = [Int](repeating: 0, count: bins)
        let width = (upper - lower) / Double(bins)
        for v in values {
            let b = Int((Double(v) - lower) / width)
            if b >= 0 && b < bins { counts[b] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
        return lower + (Double(best) + 0.5) * width
    }

    static func quantile(_ values: [Float], _ q: Double) -> Double {
        let sorted = values.sorted()
        return Double(sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))])
    }

    /// Half the width of the band around the mode where the histogram stays above half its peak, over m.
    static func halfWidthAtHalfMaximum(_ values: [Float], lower: Double, upper: Double, bins: Int) -> Double {
        var counts = [Double](repeating: 0, count: bins)
        let width = (upper - lower) / Double(bins)
        for v in values {
            let b = Int((Double(v) - lower) / width)
            if b >= 0 && b < bins { counts[b] += 1 }
        }
        // Smooth over three bins so one noisy bin does not end the band.
        let smooth = counts.indices.map { i in
            (counts[max(0, i - 1)] + counts[i] + counts[min(bins - 1, i + 1)]) / 3
        }
        let peak = smooth.indices.max { smooth[$0] < smooth[$1] }!
        var lo = peak, hi = peak
        while lo > 0 && smooth[lo - 1] >= smooth[peak] / 2 { lo -= 1 }
        while hi < bins - 1 && smooth[hi + 1] >= smooth[peak] / 2 { hi += 1 }
        return Double(hi - lo + 1) * width / 2
    }

    @Test func signalMWWbbPeaksAtTheMassWithAboutTenPercentCoreAndAHighTail() throws {
        var rng = SeededGenerator(seed: 7)
        let generator = TTbarGenerator()
        for mx in [500.0, 1000.0, 1500.0] {
            let table = try generator.signal(mass: mx, count: 20_000, using: &rng)
            let m = table.column(26)
            let mode = Self.mode(m, lower: 0, upper: 3 * mx, bins: 150)
            #expect(abs(mode - mx) / mx < 0.1, "m_X=\(mx): mode \(mode)")
            // The core: a Gaussian's half width at half maximum is 1.18 σ.
            let sigma = Self.halfWidthAtHalfMaximum(m, lower: 0, upper: 3 * mx, bins: 150) / 1.18
            #expect(sigma / mx > 0.03 && sigma / mx < 0.2, "m_X=\(mx): core σ/m = \(sigma / mx)")
            // More events far above the peak than far below it.
            let above = m.filter { Double($0) > 1.25 * mx }.count
            let below = m.filter { Double($0) < 0.75 * mx }.count
            #expect(above > below, "m_X=\(mx): \(above) above vs \(below) below")
            #expect(above > m.count / 100, "m_X=\(mx): tail holds \(above) events")
        }
    }

    @Test func backgroundMWWbbRisesAtThresholdAndFalls() throws {
        var rng = SeededGenerator(seed: 8)
        let table = try TTbarGenerator().background(count: 20_000, using: &rng)
        let m = table.column(26)
        let mode = Self.mode(m, lower: 0, upper: 2000, bins: 80)
        #expect(mode >= 400 && mode <= 550, "background m_WWbb mode \(mode)")
        let median = Self.quantile(m, 0.5)
        #expect(median > mode, "falling tail: median \(median) above mode \(mode)")
        #expect(Self.quantile(m, 0.95) > 800)
    }

    @Test func wAndTopMassesPeakAtTheirValues() throws {
        var rng = SeededGenerator(seed: 9)
        let generator = TTbarGenerator()
        var table = try generator.signal(mass: 800, count: 10_000, using: &rng)
        table.append(try generator.background(count: 10_000, using: &rng))
        let mjj = Self.mode(table.column(22), lower: 0, upper: 300, bins: 60)
        let mlv = Self.mode(table.column(24), lower: 0, upper: 300, bins: 60)
        let mjjj = Self.mode(table.column(23), lower: 0, upper: 500, bins: 50)
        let mjlv = Self.mode(table.column(25), lower: 0, upper: 500, bins: 50)
        #expect(mjj >= 70 && mjj <= 90, "m_jj mode \(mjj)")
        #expect(mlv >= 70 && mlv <= 90, "m_lv mode \(mlv)")
        #expect(mjjj >= 155 && mjjj <= 190, "m_jjj mode \(mjjj)")
        #expect(mjlv >= 155 && mjlv <= 190, "m_jlv mode \(mjlv)")
    }

    @Test func objectsAreReconstructedLikeHEPMASS() throws {
        var rng = SeededGenerator(seed: 10)
        let table = try TTbarGenerator().signal(mass: 1000, count: 5_000, using: &rng)
        var tags = [Int](repeating: 0, count: 2)
        var btagged = 0, jetsSeen = 0
        for r in 0..<table.count {
            // Jets ordered by pT and inside the acceptance.
            let pts = (0..<4).map { table.feature(row: r, column: 6 + 4 * $0) }
            #expect(pts == pts.sorted(by: >))
            #expect(pts[3] > 20)
            #expect(abs(table.feature(row: r, column: 1)) < 2.5)
            #expect(table.feature(row: r, column: 5) >= 4)
            for k in 0..<4 {
                let t = table.feature(row: r, column: 9 + 4 * k)
                #expect(t == 0 || t == 1)
                tags[Int(t)] += 1
                btagged += Int(t)
                jetsSeen += 1
            }
        }
        // Radiation jets can displace decay jets from the leading four, so fewer are b jets.
        let rate = Double(btagged) / Double(jetsSeen)
        #expect(rate > 0.2 && rate < 0.39, "tag rate \(rate)")

        // Without radiation the four jets are two b jets (70%) and two light jets (2%): 36% tagged.
        var quiet = TTbarGenerator.Configuration()
        quiet.isrJetsMean = 0
        let clean = try TTbarGenerator(configuration: quiet).signal(mass: 1000, count: 5_000, using: &rng)
        let cleanTags = (0..<clean.count).flatMap { r in (0..<4).map { clean.feature(row: r, column: 9 + 4 * $0) } }
        let cleanRate = Double(cleanTags.reduce(0, +)) / Double(cleanTags.count)
        #expect(cleanRate > 0.34 && cleanRate < 0.38, "tag rate without radiation \(cleanRate)")
        #expect((0..<clean.count).allSatisfy { clean.feature(row: $0, column: 5) == 4 })
    }

    @Test func sameSeedSameEventsAnyMass() throws {
        var a = SeededGenerator(seed: 11), b = SeededGenerator(seed: 11)
        let generator = TTbarGenerator()
        let x = try generator.signal(mass: 937.5, count: 200, using: &a)
        let y = try generator.signal(mass: 937.5, count: 200, using: &b)
        #expect(x == y)
        #expect(x.features.allSatisfy { $0.isFinite })
        #expect(x.theta.allSatisfy { $0 == 937.5 })
    }

    /// θ the generator cannot make events at is refused before the first draw, never looped on.
    @Test(arguments: [300.0, 1e300, -500, .nan, .infinity])
    func refusesAMassOutsideItsRange(mass: Double) {
        var rng = SeededGenerator(seed: 26)
        #expect(throws: DataError.self) { try TTbarGenerator().signal(mass: mass, count: 1, using: &rng) }
    }

    @Test(arguments: [-0.99, -1, -2, 0.75, .nan])
    func refusesAJetEnergyScaleOutsideItsRange(jes: Double) {
        var configuration = TTbarGenerator.Configuration()
        configuration.jetEnergyScale = jes
        var rng = SeededGenerator(seed: 26)
        #expect(throws: DataError.self) {
            try TTbarGenerator(configuration: configuration).background(count: 1, using: &rng)
        }
    }

    /// A configuration whose events are never accepted ends in an error after a bounded number of draws.
    @Test func givesUpAfterItsBoundedNumberOfTries() throws {
        var configuration = TTbarGenerator.Configuration()
        configuration.topMass = 5_000 // two such tops cannot come from a 1 TeV X
        var rng = SeededGenerator(seed: 26)
        let error = try #require(throws: DataError.self) {
            try TTbarGenerator(configuration: configuration).signal(mass: 1000, count: 1, using: &rng)
        }
        #expect(error.description.contains("drew \(TTbarGenerator.maximumTries) times"))
    }

    @Test func declaresItsRangesThroughTheEventSource() {
        #expect(TTbarSource.validRange(of: "mass") == TTbarGenerator.massRange)
        #expect(TTbarSource.validRange(of: TTbarSource.jesCondition) == TTbarGenerator.jetEnergyScaleRange)
        #expect(ToySource.validRange(of: "mass") == -1e6...1e6)
        #expect(HEPMASSSource.validRange(of: "mass") == nil)
    }
}
