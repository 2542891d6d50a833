import Foundation
import FoundationXML
@testable import ParamRunReport
import Testing

#if canImport(FoundationXML)
#endif

@Suite struct SVGPlotTests {
    func parse(_ svg: String) throws -> XMLDocument { try XMLDocument(xmlString: svg) }

    func texts(_ doc: XMLDocument) throws -> [String] {
        try doc.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
    }

    @Test func rendersWellFormedSVGWithLabelsLegendAndErrorBars() throws {
        var plot = SVGPlot(title: "AUC vs mass", x: .init("m_X [GeV]"), y: .init("AUC"))
        plot.series = [
            .init(
                name: "parameterized", x: [500, 1000, 1500], y: [0.8, 0.9, 0.95], yError: [0.01, 0.01, 0.01],
                markers: [.circle, .openCircle, .circle]),
            .init(name: "fixed <1000>", x: [500, 1000, 1500], y: [0.7, 0.9, 0.8], dashed: true, marker: .square)
        ]
        plot.notes = ["open: never seen in training"]
        let doc = try parse(plot.render())
        let labels = try texts(doc)
        for expected in [
            "AUC vs mass", "m_X [GeV]", "AUC", "parameterized", "fixed <1000>", "open: never seen in training", "1000"
        ] {
            #expect(labels.contains(expected), "missing \(expected)")
        }
        #expect(try doc.nodes(forXPath: "//*[local-name()='polyline']").count == 2)
        // Three error bars, each a vertical line and two caps.
        let lines = try doc.nodes(forXPath: "//*[local-name()='line'][@stroke-width='1.6']")
        #expect(lines.count == 9)
        #expect(try doc.nodes(forXPath: "//*[local-name()='circle'][@fill='white']").count == 1)
    }

    @Test func linearTicksFallOnRoundNumbers() {
        let plot = SVGPlot(title: "", x: .init(""), y: .init(""))
        #expect(plot.ticks(0...1, log: false).map(\.1) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(plot.ticks(450...1550, log: false).map(\.1) == ["600", "800", "1000", "1200", "1400"])
    }

    @Test func logTicksAreDecadesWithSuperscripts() {
        let plot = SVGPlot(title: "", x: .init(""), y: .init(""))
        #expect(plot.ticks(1e-5...1, log: true).map(\.1) == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1"])
    }

    @Test func pointsALogAxisCannotShowAreLeftOut() throws {
        var plot = SVGPlot(title: "", x: .init("x"), y: .init("y", log: true))
        plot.series = [.init(name: "s", x: [0, 1, 2], y: [0, 10, 100], marker: .circle)]
        let doc = try parse(plot.render())
        // The two visible points and the legend's marker; y = 0 has no place on a log axis.
        #expect(try doc.nodes(forXPath: "//*[local-name()='circle']").count == 3)
    }
}
