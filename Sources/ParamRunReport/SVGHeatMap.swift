import Foundation
import ParamRunSupport

/// A grid of coloured cells, one per (x, y) category pair, each labelled with its value and
/// error: AUC over (mass, JES) for one network, or the difference of two networks' AUCs.
///
/// Sequential colours (white to blue) show a value; diverging ones (blue below zero, red above,
/// white at zero) show a difference, whose cells also give it in units of its error.
package struct SVGHeatMap {
    package struct Cell: Sendable {
        package var x: Double
        package var y: Double
        package var value: Double
        package var error: Double?

        package init(x: Double, y: Double, value: Double, error: Double?) {
            self.x = x
            self.y = y
            self.value = value
            self.error = error
        }
    }

    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var cells: [Cell] = []
    /// Diverging colours around zero, and each cell's value in units of its error.
    package var difference = false
    /// A line under the grid, e.g. which cells were trained at.
    package var note: String = ""

    package init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    package func render() -> String {
        let xs = Array(Set(cells.map(\.x))).sorted(), ys = Array(Set(cells.map(\.y))).sorted()
        let cellW = 118.0, cellH = 46.0, left = 96.0, top = 52.0
        let width = left + cellW * Double(max(1, xs.count)) + 24, height = top + cellH * Double(max(1, ys.count)) + 84
        let values = cells.map(\.value)
        let low = values.min() ?? 0, high = values.max() ?? 1
        let extent = max(abs(low), abs(high), 1e-12)
        func color(_ v: Double) -> String {
            // Sequential: white → #0072B2 over the range; diverging: blue ← white → red over ±extent.
            let (r, g, b): (Double, Double, Double)
            if difference {
                let t = max(-1, min(1, v / extent))
                (r, g, b) =
                    t >= 0
                    ? (255, 255 * (1 - 0.75 * t), 255 * (1 - 0.75 * t))
                    : (255 * (1 + 0.75 * t), 255 * (1 + 0.75 * t), 255)
            } else {
                let t = high > low ? (v - low) / (high - low) : 0.5
                (r, g, b) = (255 - t * 255, 255 - t * (255 - 114), 255 - t * (255 - 178))
            }
            return String(format: "#%02X%02X%02X", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
        }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 "
            + "0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(f(width / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">\(escape(title))</text>\n"
        for cell in cells {
            guard let i = xs.firstIndex(of: cell.x), let j = ys.firstIndex(of: cell.y) else { continue }
            // The largest y is drawn at the top, as on a plot's axis.
            let x0 = left + cellW * Double(i), y0 = top + cellH * Double(ys.count - 1 - j)
            svg +=
                "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(cellW))\" height=\"\(f(cellH))\" "
                + "fill=\"\(color(cell.value))\" stroke=\"#888\"/>\n"
            var label = difference ? String(format: "%+.4f", cell.value) : String(format: "%.4f", cell.value)
            if let e = cell.error { label += String(format: " ± %.4f", e) }
            svg +=
                "<text x=\"\(f(x0 + cellW / 2))\" y=\"\(f(y0 + 20))\" text-anchor=\"middle\" "
                + "font-size=\"11\">\(escape(label))</text>\n"
            if difference, let e = cell.error, e > 0 {
                svg +=
                    "<text x=\"\(f(x0 + cellW / 2))\" y=\"\(f(y0 + 36))\" text-anchor=\"middle\" "
                    + "font-size=\"11\">\(String(format: "%+.1fσ", cell.value / e))</text>\n"
            }
        }
        for (i, x) in xs.enumerated() {
            svg +=
                "<text x=\"\(f(left + cellW * (Double(i) + 0.5)))\" y=\"\(f(top + cellH * Double(ys.count) + 18))\" "
                + "text-anchor=\"middle\" font-size=\"12\">\(formatNumber(x))</text>\n"
        }
        for (j, y) in ys.enumerated() {
            svg +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(top + cellH * (Double(ys.count - 1 - j) + 0.5) + 4))\" "
                + "text-anchor=\"end\" font-size=\"12\">\(formatNumber(y))</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + cellW * Double(xs.count) / 2))\" y=\"\(f(top + cellH * Double(ys.count) + 40))\" "
            + "text-anchor=\"middle\" font-size=\"13\">\(escape(xLabel))</text>\n"
        svg +=
            "<text x=\"18\" y=\"\(f(top + cellH * Double(ys.count) / 2))\" text-anchor=\"middle\" font-size=\"13\" "
            + "transform=\"rotate(-90 18 \(f(top + cellH * Double(ys.count) / 2)))\">\(escape(yLabel))</text>\n"
        if !note.isEmpty {
            svg +=
                "<text x=\"\(f(left))\" y=\"\(f(top + cellH * Double(ys.count) + 62))\" font-size=\"11\" "
                + "fill=\"#555\">\(escape(note))</text>\n"
        }
        return svg + "</svg>\n"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
