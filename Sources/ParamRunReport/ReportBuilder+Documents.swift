import Foundation
import ParamRunMetrics
import ParamRunSupport

/// The report's documents: `report.md` and `report.html`, from the same rows and plots.
extension ReportBuilder {

    func tableRows() -> [[String]] {
        evaluations.map { e in
            let s = e.summary
            let eff = Metrics.standardBackgroundEfficiencies.map { key in
                s.signalEfficiency["\(key)"].map { String(format: "%.3f", $0) } ?? ""
            }
            let point = ThetaPoint(mass: s.mass, conditions: s.conditions ?? [:])
            return [
                s.model, s.type, point.description.replacingOccurrences(of: ",", with: ", "),
                String(format: "%.4f", s.auc),
                s.aucError.map { String(format: "%.4f", $0) } ?? "", (s.trainedAtPoint ?? trained(s)) ? "yes" : "no"
            ] + eff
                + ["\(s.nSignal)", "\(s.nBackground)"]
        }
    }

    static let header = [
        "model", "type", "mass", "AUC", "± (DeLong)", "trained at mass",
        "ε_S at ε_B=0.1", "ε_S at ε_B=0.01", "ε_S at ε_B=0.001", "signal", "background"
    ]

    func markdown(plots: [(name: String, caption: String, svg: String)]) -> String {
        var md = "# \(title)\n\n"
        let verdicts = verdicts() + smoothnessLines()
        if !verdicts.isEmpty { md += verdicts.map { "- \($0)\n" }.joined() + "\n" }
        let (top, rest) = (
            plots.filter { Self.topPlots.contains($0.name) }, plots.filter { !Self.topPlots.contains($0.name) }
        )
        for plot in top { md += "## \(plot.caption)\n\n![\(plot.caption)](plots/\(plot.name))\n\n" }
        md += "| " + Self.header.joined(separator: " | ") + " |\n"
        md += "|" + Self.header.map { _ in " --- " }.joined(separator: "|") + "|\n"
        for row in tableRows() { md += "| " + row.joined(separator: " | ") + " |\n" }
        md += "\n"
        for plot in rest { md += "## \(plot.caption)\n\n![\(plot.caption)](plots/\(plot.name))\n\n" }
        md += timingsMarkdown()
        md += "## Spec, as written\n\n```yaml\n\(specText.trimmingCharacters(in: .newlines))\n```\n"
        return md
    }

    /// One line per smoothness check: how often the output turns twice in θ, and whether that flags it.
    func smoothnessLines() -> [String] {
        smoothness.map { c in
            let share = String(format: "%.1f%%", 100 * c.fractionWiggly)
            let verdict = c.flagged ? "**flagged: not smooth in θ**" : "smooth in θ"
            return
                "\(c.model): \(share) of \(c.events) events turn twice or more as θ runs "
                + "from \(formatNumber(c.low)) to \(formatNumber(c.high)) (\(c.points) "
                + "values; \(String(format: "%.2f", c.meanTurningPoints)) turning points on "
                + "average): \(verdict) (limit \(String(format: "%.0f%%", 100 * c.flagFraction)))"
        }
    }

    func timingsMarkdown() -> String {
        guard !timings.isEmpty else { return "" }
        var md = "## Timings\n\n| stage | seconds | threads |\n| --- | ---: | ---: |\n"
        for t in timings { md += "| \(t.stage) | \(String(format: "%.2f", t.seconds)) | \(t.threads) |\n" }
        md +=
            "\nTotal stage time \(String(format: "%.1f", timings.map(\.seconds).reduce(0, +))) "
            + "s; \(timings.first?.blas ?? "").\n\n"
        return md
    }

    func html(plots: [(name: String, caption: String, svg: String)]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(esc(title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
            th { background: #f3f3f3; } td:first-child, td:nth-child(2) { text-align: left; }
            figure { display: inline-block; margin: 1em 1em 1em 0; } figcaption { font-size: 14px; color: #555; }
            pre { background: #f7f7f7; padding: 1em; overflow-x: auto; font-size: 13px; }
            </style></head><body>
            <h1>\(esc(title))</h1>

            """
        let verdicts = verdicts() + smoothnessLines()
        if !verdicts.isEmpty { h += "<ul>" + verdicts.map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n" }
        let (top, rest) = (
            plots.filter { Self.topPlots.contains($0.name) }, plots.filter { !Self.topPlots.contains($0.name) }
        )
        for plot in top { h += "<figure>\(plot.svg)<figcaption>\(esc(plot.caption))</figcaption></figure>\n" }
        h += "<table><tr>\(Self.header.map { "<th>\(esc($0))</th>" }.joined())</tr>\n"
        for row in tableRows() { h += "<tr>" + row.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n" }
        h += "</table>\n"
        for plot in rest {
            h += "<figure>\(plot.svg)<figcaption>\(esc(plot.caption))</figcaption></figure>\n"
        }
        if !timings.isEmpty {
            h += "<h2>Timings</h2><table><tr><th>stage</th><th>seconds</th><th>threads</th></tr>\n"
            for t in timings {
                let seconds = String(format: "%.2f", t.seconds)
                h += "<tr><td>\(esc(t.stage))</td><td>\(seconds)</td><td>\(t.threads)</td></tr>\n"
            }
            h += "</table><p>\(esc(timings.first?.blas ?? ""))</p>\n"
        }
        h += "<h2>Spec, as written</h2><pre>\(esc(specText.trimmingCharacters(in: .newlines)))</pre>\n</body></html>\n"
        return h
    }
}
