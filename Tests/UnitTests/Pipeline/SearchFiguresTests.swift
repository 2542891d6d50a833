import Foundation
@testable import ParamRunPipeline
import ParamRunStats
import Testing

/// The histogram stage's figures from the full engine: observed data equal to the Asimov
/// expectation give the expected median as the observed limit and no significance; an excess
/// gives a weaker observed limit and a positive Z.
@Suite struct SearchFiguresTests {
    static let histogram = Histogram(
        edges: [0, 0.25, 0.5, 0.75, 1], signalSumW: [1, 3, 6, 12], signalSumW2: [0.05, 0.15, 0.3, 0.6],
        backgroundSumW: [400, 200, 80, 20], backgroundSumW2: [16, 8, 3.2, 0.8], requestedBins: 4, strategy: .equal)
    static let jes = HistFactoryWorkspace.ShapeSystematic(
        name: "jes", signalHi: [0.8, 2.8, 6.2, 12.2], signalLo: [1.2, 3.2, 5.8, 11.8],
        backgroundHi: [390, 204, 84, 22], backgroundLo: [410, 196, 76, 18])

    static func workspace(observed: [Double]) throws -> HistFactoryWorkspace {
        try HistFactoryWorkspace.search(
            histogram: histogram, backgroundNormUncertainty: 0.1, observed: observed, shapeSystematics: [jes],
            lumiUncertainty: 0.02)
    }

    @Test func observedDataEqualToTheAsimovExpectationGiveTheExpectedMedian() throws {
        let figures = try SearchFigures.compute(
            try Self.workspace(observed: Self.histogram.backgroundSumW), observed: true)
        let observed = try #require(figures.observed)
        #expect(abs(observed.muUp - figures.expected.median) <= 1e-4 * figures.expected.median)
        #expect(observed.z >= 0 && observed.z < 1e-3)
        // The same workspace with no observation given: the same expected band.
        let asimov = try SearchFigures.compute(
            try Self.workspace(observed: Self.histogram.backgroundSumW), observed: false)
        #expect(asimov.observed == nil)
        #expect(abs(asimov.expected.median - figures.expected.median) <= 1e-6 * figures.expected.median)
    }

    @Test func anExcessWeakensTheObservedLimitAndIsSignificant() throws {
        let data = zip(Self.histogram.backgroundSumW, Self.histogram.signalSumW).map { ($0 + 2 * $1).rounded() }
        let figures = try SearchFigures.compute(try Self.workspace(observed: data), observed: true)
        let observed = try #require(figures.observed)
        #expect(observed.muUp > figures.expected.plus1)
        #expect(observed.z > 1)
    }
}
