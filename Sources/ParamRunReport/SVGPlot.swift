import Foundation
import ParamRunSupport

/// A small SVG chart: lines and markers with optional error bars, filled bands, linear or log
/// axes, a legend.
///
/// Written for plots a physicist would put on a slide: large sans-serif text, ticks at round
/// numbers, colour-blind-safe colours (Okabe–Ito), open markers for points a network never saw.
package struct SVGPlot {
    package enum Marker: Sendable { case none, circle, openCircle, square, openSquare, triangle, openTriangle }

    package struct Series: Sendable {
        package var name: String
        package var x: [Double]
        package var y: [Double]
        package var yError: [Double]?
        package var line: Bool
        package var dashed: Bool
        /// One marker per point, so a series can mix filled (trained) and open (held-out) points.
        package var markers: [Marker]
        package var color: String?

        package init(
            name: String, x: [Double], y: [Double], yError: [Double]? = nil, line: Bool = true,
            dashed: Bool = false, marker: Marker = .none, markers: [Marker]? = nil, color: String? = nil
        ) {
            self.name = name
            self.x = x
            self.y = y
            self.yError = yError
            self.line = line
            self.dashed = dashed
            self.markers = markers ?? Array(repeating: marker, count: x.count)
            self.color = color
        }
    }

    /// A filled area between two curves, drawn under every series (an expected limit's ±1σ/±2σ band).
    package struct Band: Sendable {
        package var name: String
        package var x: [Double]
        package var low: [Double]
        package var high: [Double]
        package var color: String

        package init(name: String, x: [Double], low: [Double], high: [Double], color: String) {
            self.name = name
            self.x = x
            self.low = low
            self.high = high
            self.color = color
        }
    }

    package struct Axis: Sendable {
        package var label: String
        package var range: ClosedRange<Double>?
        package var log: Bool

        package init(_ label: String, range: ClosedRange<Double>? = nil, log: Bool = false) {
            self.label = label
            self.range = range
            self.log = log
        }
    }

    package static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"
    ]

    package var title: String
    package var x: Axis
    package var y: Axis
    package var series: [Series] = []
    /// Drawn first, in order, so later bands and every series lie on top.
    package var bands: [Band] = []
    /// Text lines drawn in the plot's corner, e.g. "filled: trained at this mass".
    package var notes: [String] = []
    package var width = 720.0
    package var height = 520.0

    package init(title: String, x: Axis, y: Axis) {
        self.title = title
        self.x = x
        self.y = y
    }

    package func render() -> String {
        let left = 86.0, right = 24.0, top = 52.0, bottom = 70.0
        let plotW = width - left - right, plotH = height - top - bottom
        // The legend sits right of the frame, where it can never hide a curve.
        let named = series.enumerated().filter { !$0.element.name.isEmpty }
        let namedBands = bands.filter { !$0.name.isEmpty }
        let longest = (named.map(\.element.name.count) + namedBands.map(\.name.count) + notes.map(\.count)).max() ?? 0
        let legendWidth = named.isEmpty && namedBands.isEmpty && notes.isEmpty ? 0.0 : 16 + 7.8 * Double(longest) + 48
        let totalWidth = width + legendWidth
        let xr = range(for: x, values: series.flatMap(\.x) + bands.flatMap(\.x))
        let seriesValues: [Double] = series.flatMap { s in
            zip(s.y, s.yError ?? Array(repeating: 0, count: s.y.count)).flatMap { [$0 - $1, $0 + $1] }
        }
        let bandValues: [Double] = bands.flatMap { $0.low + $0.high }
        let yr = range(for: y, values: seriesValues + bandValues)
        let frame = Frame(left: left, top: top, plotW: plotW, plotH: plotH, xr: xr, yr: yr, xLog: x.log, yLog: y.log)

        var out: [String] = []
        out.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(totalWidth))\" height=\"\(f(height))\" "
                + "viewBox=\"0 0 \(f(totalWidth)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\">"
        )
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        out.append(
            "<text x=\"\(f(left + plotW / 2))\" y=\"30\" font-size=\"20\" text-anchor=\"middle\" "
                + "font-weight=\"bold\">\(escape(title))</text>"
        )
        out.append(
            "<defs><clipPath id=\"plot\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" "
                + "height=\"\(f(plotH))\"/></clipPath></defs>"
        )

        drawAxes(frame, into: &out)
        out.append("<g clip-path=\"url(#plot)\">")
        drawCurves(frame, into: &out)
        out.append("</g>")

        if legendWidth > 0 {
            drawLegend(frame, width: legendWidth, named: named, namedBands: namedBands, into: &out)
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The plot frame in SVG units, and the ranges its axes show.
    private struct Frame {
        let left, top, plotW, plotH: Double
        let xr, yr: ClosedRange<Double>
        let xLog, yLog: Bool
    }

    private func px(_ v: Double, _ frame: Frame) -> Double {
        frame.left + frame.plotW * fraction(v, frame.xr, log: frame.xLog)
    }

    private func py(_ v: Double, _ frame: Frame) -> Double {
        frame.top + frame.plotH * (1 - fraction(v, frame.yr, log: frame.yLog))
    }

    /// Grid lines, ticks and their labels, the frame and the axis titles.
    private func drawAxes(_ frame: Frame, into out: inout [String]) {
        let (left, top, plotW, plotH, xr, yr) = (frame.left, frame.top, frame.plotW, frame.plotH, frame.xr, frame.yr)
        func px(_ v: Double) -> Double { self.px(v, frame) }
        func py(_ v: Double) -> Double { self.py(v, frame) }
        for (value, label) in ticks(xr, log: x.log) {
            let p = px(value)
            out.append(
                "<line x1=\"\(f(p))\" y1=\"\(f(top))\" x2=\"\(f(p))\" y2=\"\(f(top + plotH))\" stroke=\"#e5e5e5\"/>")
            out.append(
                "<line x1=\"\(f(p))\" y1=\"\(f(top + plotH))\" x2=\"\(f(p))\" y2=\"\(f(top + plotH + 6))\" "
                    + "stroke=\"black\"/>"
            )
            out.append(
                "<text x=\"\(f(p))\" y=\"\(f(top + plotH + 24))\" font-size=\"15\" "
                    + "text-anchor=\"middle\">\(label)</text>"
            )
        }
        for (value, label) in ticks(yr, log: y.log) {
            let p = py(value)
            out.append(
                "<line x1=\"\(f(left))\" y1=\"\(f(p))\" x2=\"\(f(left + plotW))\" y2=\"\(f(p))\" stroke=\"#e5e5e5\"/>")
            out.append("<line x1=\"\(f(left - 6))\" y1=\"\(f(p))\" x2=\"\(f(left))\" y2=\"\(f(p))\" stroke=\"black\"/>")
            out.append(
                "<text x=\"\(f(left - 10))\" y=\"\(f(p + 5))\" font-size=\"15\" text-anchor=\"end\">\(label)</text>")
        }
        out.append(
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" "
                + "stroke=\"black\" stroke-width=\"1.2\"/>"
        )
        out.append(
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 18))\" font-size=\"17\" "
                + "text-anchor=\"middle\">\(escape(x.label))</text>"
        )
        out.append(
            "<text transform=\"translate(22 \(f(top + plotH / 2))) rotate(-90)\" font-size=\"17\" "
                + "text-anchor=\"middle\">\(escape(y.label))</text>"
        )
    }

    /// The bands, then each series' line, error bars and markers, inside the clipped plot area.
    private func drawCurves(_ frame: Frame, into out: inout [String]) {
        let yr = frame.yr
        func px(_ v: Double) -> Double { self.px(v, frame) }
        func py(_ v: Double) -> Double { self.py(v, frame) }
        for band in bands {
            let edge = zip(band.x, zip(band.low, band.high)).filter {
                visible($0.0, log: x.log) && visible($0.1.0, log: y.log) && visible($0.1.1, log: y.log)
            }
            guard edge.count > 1 else { continue }
            let upper = edge.map { "\(f(px($0.0))),\(f(py($0.1.1)))" }
            let lower = edge.reversed().map { "\(f(px($0.0))),\(f(py($0.1.0)))" }
            out.append(
                "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(band.color)\" stroke=\"none\"/>"
            )
        }
        for (index, s) in series.enumerated() {
            let color = s.color ?? color(for: index)
            let points = zip(s.x, s.y).filter { visible($0.0, log: x.log) && visible($0.1, log: y.log) }
            if s.line, points.count > 1 {
                let path = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
                out.append(
                    "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" "
                        + "stroke-width=\"2.2\"\(s.dashed ? " stroke-dasharray=\"7 5\"" : "")/>"
                )
            }
            if let errors = s.yError {
                for ((xv, yv), e) in zip(zip(s.x, s.y), errors) where e > 0 && visible(xv, log: x.log) {
                    let low = y.log ? max(yv - e, yr.lowerBound) : yv - e
                    out.append(
                        "<line x1=\"\(f(px(xv)))\" y1=\"\(f(py(low)))\" x2=\"\(f(px(xv)))\" y2=\"\(f(py(yv + e)))\" "
                            + "stroke=\"\(color)\" stroke-width=\"1.6\"/>"
                    )
                    for cap in [low, yv + e] {
                        out.append(
                            "<line x1=\"\(f(px(xv) - 5))\" y1=\"\(f(py(cap)))\" x2=\"\(f(px(xv) + 5))\" "
                                + "y2=\"\(f(py(cap)))\" stroke=\"\(color)\" stroke-width=\"1.6\"/>"
                        )
                    }
                }
            }
            for ((xv, yv), marker) in zip(zip(s.x, s.y), s.markers)
            where visible(xv, log: x.log) && visible(yv, log: y.log) {
                out.append(markerSVG(marker, at: (px(xv), py(yv)), color: color))
            }
        }
    }

    /// The legend right of the frame: named series, named bands, then notes, one row each.
    private func drawLegend(
        _ frame: Frame, width legendWidth: Double, named: [EnumeratedSequence<[Series]>.Element],
        namedBands: [Band], into out: inout [String]
    ) {
        let (left, top, plotW) = (frame.left, frame.top, frame.plotW)
        let x0 = left + plotW + 16
        let rows = Double(named.count + namedBands.count + notes.count)
        out.append(
            "<rect x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(legendWidth - 8))\" height=\"\(f(rows * 22 + 10))\" "
                + "fill=\"white\" stroke=\"#bbbbbb\"/>"
        )
        for (row, (index, s)) in named.enumerated() {
            let color = s.color ?? color(for: index)
            let yy = top + 20 + Double(row) * 22
            if s.line {
                out.append(
                    "<line x1=\"\(f(x0 + 10))\" y1=\"\(f(yy - 5))\" x2=\"\(f(x0 + 38))\" y2=\"\(f(yy - 5))\" "
                        + "stroke=\"\(color)\" stroke-width=\"2.2\"\(s.dashed ? " stroke-dasharray=\"7 5\"" : "")/>"
                )
            }
            if let marker = s.markers.first(where: { $0 != .none }) {
                out.append(markerSVG(marker, at: (x0 + 24, yy - 5), color: color))
            }
            out.append("<text x=\"\(f(x0 + 46))\" y=\"\(f(yy))\" font-size=\"14\">\(escape(s.name))</text>")
        }
        for (row, band) in namedBands.enumerated() {
            let yy = top + 20 + Double(named.count + row) * 22
            out.append(
                "<rect x=\"\(f(x0 + 10))\" y=\"\(f(yy - 11))\" width=\"28\" height=\"12\" fill=\"\(band.color)\"/>")
            out.append("<text x=\"\(f(x0 + 46))\" y=\"\(f(yy))\" font-size=\"14\">\(escape(band.name))</text>")
        }
        for (row, note) in notes.enumerated() {
            let yy = top + 20 + Double(named.count + namedBands.count + row) * 22
            out.append(
                "<text x=\"\(f(x0 + 10))\" y=\"\(f(yy))\" font-size=\"13\" fill=\"#444444\">\(escape(note))</text>")
        }
    }

    /// Okabe–Ito for up to eight series; beyond that, evenly spaced hues so no two repeat.
    private func color(for index: Int) -> String {
        if series.count <= Self.palette.count { return Self.palette[index] }
        let hue = Double(index) / Double(series.count) * 300
        return "hsl(\(Int(hue)), 70%, 42%)"
    }

    private func markerSVG(_ marker: Marker, at p: (Double, Double), color: String) -> String {
        let (cx, cy) = p
        let open = "fill=\"white\" stroke=\"\(color)\" stroke-width=\"2\""
        let filled = "fill=\"\(color)\" stroke=\"\(color)\" stroke-width=\"1\""
        switch marker {
        case .none: return ""
        case .circle: return "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"5\" \(filled)/>"
        case .openCircle: return "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"5\" \(open)/>"
        case .square: return "<rect x=\"\(f(cx - 5))\" y=\"\(f(cy - 5))\" width=\"10\" height=\"10\" \(filled)/>"
        case .openSquare: return "<rect x=\"\(f(cx - 5))\" y=\"\(f(cy - 5))\" width=\"10\" height=\"10\" \(open)/>"
        case .triangle, .openTriangle:
            let pts = "\(f(cx)),\(f(cy - 6)) \(f(cx - 6)),\(f(cy + 5)) \(f(cx + 6)),\(f(cy + 5))"
            return "<polygon points=\"\(pts)\" \(marker == .triangle ? filled : open)/>"
        }
    }

    private func visible(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }

    private func range(for axis: Axis, values: [Double]) -> ClosedRange<Double> {
        if let r = axis.range { return r }
        let usable = values.filter { visible($0, log: axis.log) }
        guard var low = usable.min(), var high = usable.max() else { return axis.log ? 1...10 : 0...1 }
        if axis.log {
            low = pow(10, floor(log10(low)))
            high = pow(10, ceil(log10(high)))
            if low == high { high = low * 10 }
            return low...high
        }
        if low == high { low -= 0.5; high += 0.5 }
        let pad = (high - low) * 0.06
        return (low - pad)...(high + pad)
    }

    private func fraction(_ v: Double, _ r: ClosedRange<Double>, log: Bool) -> Double {
        if log { return (log10(v) - log10(r.lowerBound)) / (log10(r.upperBound) - log10(r.lowerBound)) }
        return (v - r.lowerBound) / (r.upperBound - r.lowerBound)
    }

    /// Ticks at 1, 2 or 5 times a power of ten (decades on a log axis), about six of them.
    func ticks(_ r: ClosedRange<Double>, log: Bool) -> [(Double, String)] {
        if log {
            var out: [(Double, String)] = []
            var e = Int(floor(log10(r.lowerBound)))
            while pow(10, Double(e)) <= r.upperBound * 1.0001 {
                let v = pow(10, Double(e))
                if v >= r.lowerBound * 0.9999 {
                    out.append((v, e >= 0 && e <= 3 ? formatNumber(v) : "10" + superscript(e)))
                }
                e += 1
            }
            return out
        }
        let rough = (r.upperBound - r.lowerBound) / 6
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        var out: [(Double, String)] = []
        var v = ceil(r.lowerBound / step) * step
        let decimals = max(0, -Int(floor(log10(step))) + (step / power == 2.5 ? 1 : 0))
        while v <= r.upperBound + step * 1e-9 {
            out.append((v, String(format: "%.\(decimals)f", abs(v) < step * 1e-9 ? 0 : v)))
            v += step
        }
        return out
    }

    private func superscript(_ n: Int) -> String {
        let digits = Array("⁰¹²³⁴⁵⁶⁷⁸⁹")
        return (n < 0 ? "⁻" : "") + String(abs(n)).map { digits[Int(String($0))!] }.map(String.init).joined()
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
