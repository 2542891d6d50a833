import Foundation
import ParamRunMetrics
@testable import ParamRunReport
import ParamRunTestSupport
import Testing

/// The evaluation folder's CSV files: one writer and one reader each, failing loudly.
struct ResultsTableTests {
    @Test func rocRoundTrips() throws {
        let folder = try TemporaryDirectory.make("roc")
        let url = folder.appendingPathComponent("roc.csv")
        let roc = ROCCurve(
            thresholds: [.infinity, 0.75, 0.25], signalEfficiency: [0, 0.5, 1],
            backgroundEfficiency: [0, 0.125, 1])
        let text = ROCTable.csv(roc)
        #expect(
            text == "threshold,signal_efficiency,background_efficiency\n"
                + "inf,0.0,0.0\n0.75,0.5,0.125\n0.25,1.0,1.0\n")
        try Data(text.utf8).write(to: url)
        let read = try ROCTable.read(url)
        #expect(read.signal == [0, 0.5, 1])
        #expect(read.background == [0, 0.125, 1])
    }

    @Test func aBadRocLineNamesFileAndLine() throws {
        let url = try TemporaryDirectory.make("roc").appendingPathComponent("roc.csv")
        try Data("threshold,signal_efficiency,background_efficiency\n0.5,0.1,0.2\n0.4,oops,0.3\n".utf8).write(to: url)
        let error = try #require(throws: ResultsFileError.self) { try ROCTable.read(url) }
        #expect(error.file == url.path)
        #expect(error.line == 3)
        #expect(error.description.contains("roc.csv:3"))
    }

    @Test func aWrongHeaderIsRefused() throws {
        let url = try TemporaryDirectory.make("roc").appendingPathComponent("roc.csv")
        try Data("a,b,c\n0.5,0.1,0.2\n".utf8).write(to: url)
        let error = try #require(throws: ResultsFileError.self) { try ROCTable.read(url) }
        #expect(error.line == 1)
    }

    @Test func responseRoundTrips() throws {
        let url = try TemporaryDirectory.make("response").appendingPathComponent("response.csv")
        let rows = [ResponseTable.Row(x: 1.5, output: 0.25), .init(x: 2, output: 0.5)]
        let text = ResponseTable.csv(feature: "mwwbb", theta: 500, rows: rows)
        #expect(text == "mwwbb,theta,output\n1.5,500,0.25\n2.0,500,0.5\n")
        try Data(text.utf8).write(to: url)
        let read = try ResponseTable.read(url)
        #expect(read.feature == "mwwbb")
        #expect(read.x == [1.5, 2])
        #expect(read.output == [0.25, 0.5])
        try Data("x,theta,output\n1,2\n".utf8).write(to: url)
        #expect(throws: ResultsFileError.self) { try ResponseTable.read(url) }
    }
}
