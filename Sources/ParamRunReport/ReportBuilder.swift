import Foundation
import ParamRunMetrics
import ParamRunSupport

/// Turns a run's evaluations into what a physicist reads: expected limits and significance versus
/// mass (when the spec has statistics), a verdict per comparison, the AUC table, ROC and
/// AUC-versus-mass plots, response curves for one-feature networks, and `report.md` / a
/// self-contained `report.html`.
package struct ReportBuilder {
    /// One evaluation: its summary and the folder holding its ROC, scores and response curve.
    package struct Evaluation {
        package var summary: EvaluationSummary
        package var folder: URL

        package init(summary: EvaluationSummary, folder: URL) {
            self.summary = summary
            self.folder = folder
        }
    }

    /// How long each stage of the run took, from the store's metadata.
    package struct Timing {
        package var stage: String
        package var seconds: Double
        package var threads: Int
        package var blas: String

        package init(stage: String, seconds: Double, threads: Int, blas: String) {
            self.stage = stage
            self.seconds = seconds
            self.threads = threads
            self.blas = blas
        }
    }

    package var title: String
    /// The spec as its author wrote it (YAML, comments included).
    package var specText: String
    /// Expected significance and limits per model and mass; empty without statistics.
    package var limits: [LimitsTable.Row] = []
    /// Smoothness checks along θ, one line each in the report; empty without a `smoothness:` section.
    package var smoothness: [SmoothnessSummary] = []
    /// The sweep each model came from: AUC versus mass draws a sweep as one series.
    package var sweeps: [String: String] = [:]
    /// Axis labels of features by name (the event sources' `featureLabels`); others show their name.
    package var featureLabels: [String: String] = [:]
    /// Whether to draw the SVG plots; a spec's `evaluate.outputs` may leave them out.
    package var includePlots = true
    /// Whether to write `report.md` and `report.html`.
    package var includeDocuments = true
    package var evaluations: [Evaluation]
    package var timings: [Timing]
    /// The models that take θ's conditions (`jes`) as inputs: the heat maps of AUC differences
    /// set each of them against every other model.
    package var conditionAware: [String] = []

    package init(title: String, specText: String, evaluations: [Evaluation], timings: [Timing]) {
        self.title = title
        self.specText = specText
        self.evaluations = evaluations.sorted {
            ($0.summary.model, $0.summary.mass) < ($1.summary.model, $1.summary.mass)
        }
        self.timings = timings
    }

    /// Writes every file of the report into `folder`; returns their names.
    @discardableResult
    package func write(to folder: URL) throws -> [String] {
        var files: [(String, String)] = []
        var plots: [(name: String, caption: String, svg: String)] = []
        if hasConditions {
            files.append((AUCThetaTable.fileName, AUCThetaTable.csv(evaluations.map(\.summary))))
            plots = heatMaps()
        } else {
            files.append((AUCTable.fileName, AUCTable.csv(evaluations.map(\.summary))))
        }
        if !limits.isEmpty {
            plots.append(
                (
                    "limit_vs_mass.svg",
                    limits.contains { $0.muUpObserved != nil }
                        ? "Observed and expected 95% CLs upper limits on the signal strength versus mass"
                        : "Expected 95% CLs upper limit on the signal strength versus mass",
                    limitPlot().render()
                ))
            plots.append(
                ("z_vs_mass.svg", "Expected (Asimov) discovery significance versus mass", significancePlot().render()))
        }
        for mass in masses where !hasConditions {
            plots.append(
                ("roc_\(formatNumber(mass)).svg", "ROC curves at \(massLabel(mass))", try rocPlot(at: mass).render()))
        }
        if masses.count > 1, !hasConditions {
            plots.append(("auc_vs_mass.svg", "AUC versus mass", aucPlot().render()))
        }
        for model in models where !hasConditions {
            if let plot = try responsePlot(model) {
                plots.append(
                    ("response_\(model).svg", "Output of \(model) versus the feature, for each θ", plot.render()))
            }
        }
        if !includePlots { plots = [] }
        for plot in plots { files.append(("plots/" + plot.name, plot.svg)) }
        if includeDocuments {
            files.append(("report.md", markdown(plots: plots)))
            files.append(("report.html", html(plots: plots)))
        }
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(text, to: url)
        }
        return files.map(\.0)
    }

    var masses: [Double] { Array(Set(evaluations.map(\.summary.mass))).sorted() }
    /// Whether θ has conditions beyond the mass, so results are tabled and drawn over points.
    var hasConditions: Bool { evaluations.contains { $0.summary.conditions != nil } }
    var models: [String] {
        var seen: [String] = []
        for e in evaluations where !seen.contains(e.summary.model) { seen.append(e.summary.model) }
        return seen
    }

    /// Physics masses in GeV; the toy's θ is a bare number.
    func massLabel(_ mass: Double) -> String {
        isToy ? "θ = \(formatNumber(mass))" : "m_X = \(formatNumber(mass)) GeV"
    }

    var isToy: Bool { masses.contains { $0 < 50 } }

    func rocPlot(at mass: Double) throws -> SVGPlot {
        var plot = SVGPlot(
            title: "ROC at \(massLabel(mass))", x: .init("signal efficiency", range: 0...1),
            y: .init("background rejection 1/ε_B", log: true))
        for e in evaluations where e.summary.mass == mass {
            let (tpr, fpr) = try ROCTable.read(e.folder.appendingPathComponent(EvaluationFiles.roc))
            // Thousands of thresholds make an unreadably large SVG; 400 points trace the curve.
            var xs: [Double] = [], ys: [Double] = []
            var next = 0.0
            for (t, f) in zip(tpr, fpr) where t >= next && f > 0 {
                xs.append(t)
                ys.append(1 / f)
                next = t + 1.0 / 400
            }
            let err = e.summary.aucError.map { String(format: " ± %.4f", $0) } ?? ""
            plot.series.append(
                .init(
                    name: "\(e.summary.model) (AUC \(String(format: "%.4f", e.summary.auc))\(err))",
                    x: xs, y: ys, dashed: !trained(e.summary)))
        }
        plot.notes = ["dashed: never trained at this mass"]
        return plot
    }

    /// Models, with the members of a sweep gathered under the sweep's name.
    var families: [String] {
        var seen: [String] = []
        for model in models {
            let family = sweeps[model] ?? model
            if !seen.contains(family) { seen.append(family) }
        }
        return seen
    }

    func aucPlot() -> SVGPlot {
        var plot = SVGPlot(title: "AUC versus mass", x: .init(isToy ? "θ" : "m_X [GeV]"), y: .init("AUC"))
        let shapes: [(SVGPlot.Marker, SVGPlot.Marker)] = [
            (.circle, .openCircle), (.square, .openSquare), (.triangle, .openTriangle)
        ]
        for (index, family) in families.enumerated() {
            let points = evaluations.filter { (sweeps[$0.summary.model] ?? $0.summary.model) == family }
                .sorted { $0.summary.mass < $1.summary.mass }
            let model = family == points.first?.summary.model ? family : "\(family)-* (sweep)"
            let shape = shapes[index % shapes.count]
            plot.series.append(
                .init(
                    name: model, x: points.map(\.summary.mass), y: points.map(\.summary.auc),
                    yError: points.map { $0.summary.aucError ?? 0 },
                    markers: points.map { trained($0.summary) ? shape.0 : shape.1 }))
        }
        plot.notes = ["filled: trained at this mass", "open: never trained at this mass", "bars: DeLong 1σ"]
        return plot
    }

    func responsePlot(_ model: String) throws -> SVGPlot? {
        let curves = evaluations.filter { $0.summary.model == model }
        var series: [SVGPlot.Series] = []
        var feature = "x"
        for e in curves {
            let url = e.folder.appendingPathComponent(EvaluationFiles.response)
            // A network of more than one feature has no response file, and no plot.
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            let response = try ResponseTable.read(url)
            feature = response.feature ?? feature
            series.append(
                .init(
                    name: "θ = \(formatNumber(e.summary.mass))" + (trained(e.summary) ? "" : " (unseen)"),
                    x: response.x, y: response.output, dashed: !trained(e.summary)))
        }
        guard !series.isEmpty, curves.first?.summary.type == "parameterized" || series.count == 1 else { return nil }
        var plot = SVGPlot(
            title: "\(model): network output", x: .init(featureLabels[feature] ?? feature),
            y: .init("network output", range: 0...1))
        plot.series = series
        plot.notes = ["dashed: θ never seen in training"]
        return plot
    }

    func trained(_ s: EvaluationSummary) -> Bool { s.trainedAtMass }

    /// The plots shown above the AUC table: what a search publishes comes first.
    static let topPlots: Set<String> = ["limit_vs_mass.svg", "z_vs_mass.svg"]

    func summary(_ model: String, at mass: Double) -> EvaluationSummary? {
        evaluations.first { $0.summary.model == model && Mass.same($0.summary.mass, mass) }?.summary
    }

    /// Limit rows grouped by model (first-seen order of the evaluations), each ascending in mass.
    var limitSeries: [(model: String, rows: [LimitsTable.Row])] {
        let names = models + limits.map(\.model).filter { !models.contains($0) }
        return names.compactMap { model in
            let rows = limits.filter { $0.model == model }.sorted { $0.mass < $1.mass }
            return rows.isEmpty ? nil : (model, rows)
        }
    }

    func markers(_ model: String, _ rows: [LimitsTable.Row], _ shape: (SVGPlot.Marker, SVGPlot.Marker)) -> [SVGPlot
        .Marker]
    {
        rows.map { summary(model, at: $0.mass)?.trainedAtMass ?? true ? shape.0 : shape.1 }
    }

    static let shapes: [(SVGPlot.Marker, SVGPlot.Marker)] = [
        (.circle, .openCircle), (.square, .openSquare), (.triangle, .openTriangle)
    ]

    /// The expected limit on μ versus mass: parameterized networks with their ±1σ/±2σ bands
    /// (green and yellow, as searches draw them), fixed and mixture networks as lines. With
    /// observed data each network's observed limit is a solid line over its dashed expected median,
    /// in the same colour, as searches draw them; without, the plot is as it always was.
    func limitPlot() -> SVGPlot {
        let observed = limits.contains { $0.muUpObserved != nil }
        var plot = SVGPlot(
            title: observed ? "95% CLs limit, observed and expected" : "Expected 95% CLs limit",
            x: .init(isToy ? "θ" : "m_X [GeV]"),
            y: .init(observed ? "upper limit on μ" : "expected upper limit on μ", log: true))
        for (index, entry) in limitSeries.enumerated() {
            let (model, rows) = entry
            let xs = rows.map(\.mass)
            if summary(model, at: rows[0].mass)?.type == "parameterized" {
                let first = plot.bands.isEmpty
                plot.bands.append(
                    .init(
                        name: first ? "±2σ (parameterized)" : "", x: xs, low: rows.map(\.muUpMinus2),
                        high: rows.map(\.muUpPlus2), color: "#F2D64B"))
                plot.bands.append(
                    .init(
                        name: first ? "±1σ (parameterized)" : "", x: xs, low: rows.map(\.muUpMinus1),
                        high: rows.map(\.muUpPlus1), color: "#57B36A"))
            }
            let markers = markers(model, rows, Self.shapes[index % Self.shapes.count])
            guard observed else {
                plot.series.append(.init(name: "\(model) (median)", x: xs, y: rows.map(\.muUp), markers: markers))
                continue
            }
            let color = SVGPlot.palette[index % SVGPlot.palette.count]
            plot.series.append(
                .init(name: "\(model) (expected)", x: xs, y: rows.map(\.muUp), dashed: true, color: color))
            let seen = rows.filter { $0.muUpObserved != nil }
            plot.series.append(
                .init(
                    name: "\(model) (observed)", x: seen.map(\.mass), y: seen.compactMap(\.muUpObserved),
                    markers: self.markers(model, seen, Self.shapes[index % Self.shapes.count]), color: color))
        }
        plot.notes = ["filled: trained at this mass", "open: never trained at this mass", "μ = 1: the signal as given"]
        if observed { plot.notes.insert("solid: observed, dashed: expected median", at: 0) }
        return plot
    }

    /// The binned Asimov discovery significance versus mass, one line per network.
    func significancePlot() -> SVGPlot {
        var plot = SVGPlot(
            title: "Expected significance", x: .init(isToy ? "θ" : "m_X [GeV]"), y: .init("Z_A (no uncertainties)"))
        for (index, entry) in limitSeries.enumerated() {
            plot.series.append(
                .init(
                    name: entry.model, x: entry.rows.map(\.mass), y: entry.rows.map(\.zAsimov),
                    markers: markers(entry.model, entry.rows, Self.shapes[index % Self.shapes.count])))
        }
        plot.notes = ["filled: trained at this mass", "open: never trained at this mass"]
        return plot
    }

    /// One line per claim the spec can test: each parameterized network against each fixed
    /// network at every mass both were judged at, as the AUC difference in units of its combined
    /// DeLong error √(σ₁² + σ₂²), with the expected limits beside it when there are any.
    func verdicts() -> [String] {
        if hasConditions { return conditionVerdicts() }
        let parameterized = models.filter { m in
            evaluations.first { $0.summary.model == m }?.summary.type == "parameterized"
        }
        let fixed = models.filter { m in evaluations.first { $0.summary.model == m }?.summary.type == "fixed" }
        var lines: [String] = []
        for p in parameterized {
            for f in fixed {
                for mass in masses {
                    guard let a = summary(p, at: mass), let b = summary(f, at: mass) else { continue }
                    let delta = a.auc - b.auc
                    var line = "\(p) vs \(f) at \(formatNumber(mass)): \(String(format: "%+.4f", delta)) AUC"
                    if let ea = a.aucError, let eb = b.aucError, ea > 0 || eb > 0 {
                        line += String(format: " (%.1fσ)", abs(delta) / (ea * ea + eb * eb).squareRoot())
                    }
                    if let la = limits.first(where: { $0.model == p && Mass.same($0.mass, mass) }),
                        let lb = limits.first(where: { $0.model == f && Mass.same($0.mass, mass) })
                    {
                        line += String(
                            format: "; expected μ_up %.3g vs %.3g (%+.0f%%)", la.muUp, lb.muUp,
                            (la.muUp / lb.muUp - 1) * 100)
                    }
                    lines.append(line)
                }
            }
        }
        return lines
    }
}
