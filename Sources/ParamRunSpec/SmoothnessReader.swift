import ParamRunSupport

/// Reads and checks the `smoothness:` section. Only parameterized networks take θ, and only
/// evaluated ones are trained, so each named model must be both; `models` defaults to every
/// evaluated parameterized model.
struct SmoothnessReader {
    static let keys = ["models", "data", "events", "step", "tolerance", "flag_fraction"]
    /// The most θ values one scan may take, so that an absurd `step` is refused before any work.
    static let maximumPoints = 100_000

    let reader: NodeReader
    let datasets: [DatasetSpec]
    let declaredDatasets: Set<String>

    func read(_ node: YAMLNode, models: [ModelSpec], evaluated: Set<String>?, declaredModels: Set<String>)
        -> SmoothnessSpec?
    {
        guard let f = reader.fields(node, "smoothness", allowed: Self.keys) else { return nil }
        var ok = true
        let defaults = SmoothnessSpec(models: [])
        let data = f["data"].map { reader.string($0, "smoothness.data") } ?? defaults.data
        if let data, let n = f["data"] ?? Optional(node), !datasets.contains(where: { $0.name == data }),
            !declaredDatasets.contains(data)
        {
            reader.error(
                n,
                "smoothness scans dataset '\(data)', which is not defined"
                    + Suggestion.didYouMean(data, in: datasets.map(\.name)))
            ok = false
        }
        let events = f["events"].map { reader.int($0, "smoothness.events", min: 10) } ?? defaults.events
        if let e = events, e > 1_000_000, let n = f["events"] {
            reader.error(n, "smoothness.events must be at most 1000000, found \(e)")
            ok = false
        }
        let step =
            f["step"].map { reader.double($0, "smoothness.step", 0...(.infinity), openBelow: true) } ?? defaults.step
        let tolerance =
            f["tolerance"].map { reader.double($0, "smoothness.tolerance", 0...(.infinity), openBelow: true) }
            ?? defaults.tolerance
        let flag =
            f["flag_fraction"].map { reader.double($0, "smoothness.flag_fraction", 0...1) } ?? defaults.flagFraction

        var chosen: [(ModelSpec, YAMLNode)] = []
        if let n = f["models"] {
            guard let items = reader.list(n, "smoothness.models") else { return nil }
            if items.isEmpty {
                reader.error(
                    n,
                    "smoothness.models must name at least one model; leave it out to scan every evaluated "
                        + "parameterized model"
                ); ok = false
            }
            let (named, complete) = reader.namedModels(
                items, section: "smoothness", models: models, declaredModels: declaredModels)
            if !complete { ok = false }
            for (item, matches) in named {
                for m in matches {
                    if m.kind != .parameterized {
                        reader.error(
                            item, "smoothness scans θ, but model '\(m.name)' is \(m.kind.rawValue) and does not take θ")
                        ok = false
                    } else if let evaluated, !evaluated.contains(m.name) {
                        reader.error(
                            item,
                            "smoothness names model '\(m.name)', which no evaluate block judges, so it is never "
                                + "trained; add it to evaluate.models"
                        )
                        ok = false
                    } else if !chosen.contains(where: { $0.0.name == m.name }) {
                        chosen.append((m, item))
                    }
                }
            }
        } else if let evaluated {
            chosen = models.filter { $0.kind == .parameterized && evaluated.contains($0.name) }.map { ($0, node) }
            if chosen.isEmpty {
                reader.error(node, "smoothness has no model to scan: no evaluated model is parameterized"); ok = false
            }
        }
        if let step, !scansFit(step: step, stepNode: f["step"], chosen: chosen) { ok = false }
        guard ok, let data, let events, let step, let tolerance, let flag else { return nil }
        return SmoothnessSpec(
            models: chosen.map(\.0.name), data: data, events: events, step: step, tolerance: tolerance,
            flagFraction: flag)
    }

    /// Whether every chosen model's scan takes at most ``maximumPoints`` θ values at `step`;
    /// reports each that does not.
    private func scansFit(step: Double, stepNode: YAMLNode?, chosen: [(ModelSpec, YAMLNode)]) -> Bool {
        var ok = true
        for (model, at) in chosen {
            guard let low = model.trainMasses.min(), let high = model.trainMasses.max() else { continue }
            let points = ((high - low) / step).rounded(.down) + 1
            if points > Double(Self.maximumPoints) {
                reader.error(
                    stepNode ?? at,
                    "smoothness.step \(formatNumber(step)) makes \(formatNumber(points)) θ values between "
                        + "\(formatNumber(low)) and \(formatNumber(high)) for model '\(model.name)', more "
                        + "than \(Self.maximumPoints)"
                )
                ok = false
            }
        }
        return ok
    }
}
