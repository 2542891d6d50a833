import Foundation
@testable import ParamRunData
import ParamRunSupport
import Testing

/// Every data error names where it came from, never a `<data>` placeholder, and a sample whose
/// weights are all 0 is refused when it is loaded (issue 26, class 17).
@Suite struct DataErrorOriginTests {
    @Test func anErrorWithoutAFileHasNoPlaceholder() {
        #expect(DataError(.invalidRequest("no masses")).description == "error: no masses")
        #expect(DataError(.emptyFile, path: "a.csv").description == "a.csv: error: file is empty")
    }

    @Test func aGeneratorsErrorNamesTheGenerator() throws {
        let request = DatasetRequest(
            source: .xttbar, masses: [300], signalPerMass: 1, background: 1, seed: 26)
        let error = try #require(throws: DataError.self) { try DatasetLoader.load(request) }
        #expect(error.path == "the xttbar generator")
        #expect(error.description.hasPrefix("the xttbar generator: error: the X → tt̄ generator makes masses in"))
    }

    @Test func aSampleWhoseWeightsAreAllZeroIsRefused() throws {
        let zero = EventTable(
            featureNames: ["x"], features: [1, 2], labels: [1, 1], theta: [0, 0], weights: [0, 0])
        let error = try #require(throws: DataError.self) { try DatasetLoader.checkWeights(zero, "signal") }
        #expect(error.description.contains("every one of the 2 signal events has weight 0"))
        var some = zero
        some.weights = [0, 0.5]
        try DatasetLoader.checkWeights(some, "signal")
        try DatasetLoader.checkWeights(EventTable(featureNames: ["x"]), "background")
    }
}
