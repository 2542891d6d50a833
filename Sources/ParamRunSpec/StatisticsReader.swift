import ParamRunStats
import ParamRunSupport

/// Reads the `statistics:` block, checking it against the datasets, the models and the
/// evaluation already read, so every problem is reported at its own `file:line:col`.
struct StatisticsReader {
    static let keys = [
        "luminosity", "signal", "background", "binning", "background_uncertainty", "lumi_uncertainty", "systematics",
        "observed", "models", "masses"
    ]

    let reader: NodeReader
    let datasets: [DatasetSpec]
    let models: [ModelSpec]
    /// Every model name written in the spec, so a model whose definition failed is not also unknown.
    let declaredModels: Set<String>
    let evaluation: EvaluationSpec
    /// θ's conditions (`jes`), in the order `parameters:` declares them; empty for a mass alone.
    let conditions: [String]
    /// The section's context: sources are read as `datasets:` reads them, memory checked as there.
    let context: SectionContext

    func read(_ node: YAMLNode) -> StatisticsSpec? {
        guard
            let f = reader.fields(node, "statistics", allowed: Self.keys, required: ["signal", "background", "binning"])
        else { return nil }
        let luminosity = reader.optional(f["luminosity"]) {
            reader.double($0, "statistics.luminosity", 0...Double.infinity, openBelow: true)
        }
        let lumi = luminosity ?? nil
        let signal = f["signal"].flatMap { quantity($0, "statistics.signal", perMass: true, luminosity: lumi) }
        let background = f["background"].flatMap {
            quantity($0, "statistics.background", perMass: false, luminosity: lumi)
        }
        let binning = f["binning"].flatMap(readBinning)
        let uncertainty = reader.optional(f["background_uncertainty"]) {
            reader.double($0, "statistics.background_uncertainty", 0...0.999999, openBelow: true)
        }
        for (name, q) in [("signal", signal?.0), ("background", background?.0)] where q == .crossSection {
            if f["luminosity"] == nil, let at = f[name] {
                reader.error(
                    at,
                    "statistics.\(name) gives a cross_section, so statistics needs a luminosity (fb⁻¹) to turn "
                        + "it into events"
                )
            }
        }
        let lumiUncertainty = reader.optional(f["lumi_uncertainty"]) {
            reader.double($0, "statistics.lumi_uncertainty", 0...0.999999, openBelow: true)
        }
        let systematics = reader.optional(f["systematics"]) { readSystematics($0) }
        var nominal: [String: Double] = [:]
        for condition in conditions {
            nominal[condition] = (systematics ?? nil)?.first { $0.condition == condition }?.nominal ?? 0
        }
        let binsNode = f["binning"].flatMap { node -> YAMLNode? in
            guard case .mapping(let pairs) = node.content else { return nil }
            return pairs.first { $0.key.scalar == "bins" }?.value
        }
        let points = readPoints(
            f, signal: signal?.1, signalNode: f["signal"], bins: binning?.bins, binsNode: binsNode, nominal: nominal)
        if let points, let systematics = systematics ?? nil, let node = f["systematics"],
            !checkShiftedEvaluations(systematics, points: points, node: node)
        {
            return nil
        }
        let observed = reader.optional(f["observed"]) { readObserved($0, signal: signal?.1, points: points) }
        guard let luminosity, let signal, let background, let binning, let uncertainty, let points,
            let lumiUncertainty, let systematics, let observed
        else { return nil }
        let spec = StatisticsSpec(
            luminosity: luminosity, signalQuantity: signal.0, signal: signal.1,
            backgroundQuantity: background.0, background: background.1.first?.value ?? 0,
            bins: binning.bins, strategy: binning.strategy, backgroundUncertainty: uncertainty, points: points,
            lumiUncertainty: lumiUncertainty, systematics: systematics ?? [], nominalConditions: nominal,
            observed: observed)
        if let counts = spec.observedCounts, let node = f["observed"], let type = observed?.source.type {
            let features = type.init(path: nil).featureNames.count
            let events = Double(counts.background) + Double(counts.signal)
            context.checkMemory(
                MemoryEstimate.events(events, features: features), at: node,
                "statistics.observed (\(formatNumber(events)) pseudo-data events of \(features) features)")
        }
        return spec
    }

    /// `{cross_section: …}` or `{yield: …}`: a mapping of masses to values, or one value.
    func quantity(_ node: YAMLNode, _ what: String, perMass: Bool, luminosity: Double?) -> (
        StatisticsSpec.Quantity, [StatisticsSpec.MassValue]
    )? {
        let names = StatisticsSpec.Quantity.allCases.map(\.rawValue)
        guard let f = reader.fields(node, what, allowed: names) else { return nil }
        guard f.entries.count == 1, let entry = f.entries.first, let kind = StatisticsSpec.Quantity(rawValue: entry.key)
        else {
            if f.entries.count != 1 {
                reader.error(node, "\(what) must name exactly one of \(names.joined(separator: ", "))")
            }
            return nil
        }
        let unit = kind == .crossSection ? "cross_section" : "yield"
        // Each value checked, at its node, for the events it stands for (`maximumYield`).
        func value(_ node: YAMLNode, _ name: String) -> Double? {
            guard let value = reader.double(node, name, 0...Double.infinity, openBelow: true) else { return nil }
            return checkYield(value, kind: kind, luminosity: luminosity, at: node, name) ? value : nil
        }
        guard perMass else {
            return value(entry.value, "\(what).\(unit)").map { (kind, [StatisticsSpec.MassValue(mass: 0, value: $0)]) }
        }
        guard case .mapping(let pairs) = entry.value.content, !pairs.isEmpty else {
            reader.error(
                entry.value,
                "\(what).\(unit) must map masses to values, e.g. {500: 20, 1000: 5}, found \(entry.value.kindName)")
            return nil
        }
        var values: [StatisticsSpec.MassValue] = []
        var seen = MassSet()
        var ok = true
        for pair in pairs {
            let mass = reader.double(
                pair.key, "a mass in \(what).\(unit)", -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
            let value = value(pair.value, "\(what).\(unit) at \(pair.key.scalar ?? "?")")
            guard let mass, let value else { ok = false; continue }
            guard seen.insert(mass) else {
                reader.error(pair.key, "\(what).\(unit) gives \(formatNumber(mass)) twice")
                ok = false
                continue
            }
            values.append(.init(mass: mass, value: value))
        }
        return ok ? (kind, values.sorted { $0.mass < $1.mass }) : nil
    }

    /// Whether `value` stands for a number of events the statistics can work with: finite and at
    /// most ``HistFactoryModel/maximumYield`` once a cross-section is multiplied by the luminosity.
    func checkYield(
        _ value: Double, kind: StatisticsSpec.Quantity, luminosity: Double?, at node: YAMLNode, _ what: String
    ) -> Bool {
        let events = kind == .crossSection ? value * (luminosity ?? 1) : value
        guard events.isFinite, events <= HistFactoryModel.maximumYield else {
            let product = kind == .crossSection ? " times the luminosity" : ""
            reader.error(
                node,
                "\(what)\(product) is \(formatNumber(events)) expected events; the statistics work with at most "
                    + "\(formatNumber(HistFactoryModel.maximumYield))")
            return false
        }
        return true
    }

    func readBinning(_ node: YAMLNode) -> (bins: Int, strategy: BinningStrategy)? {
        guard let f = reader.fields(node, "statistics.binning", allowed: ["bins", "strategy"], required: ["bins"])
        else { return nil }
        let bins = f["bins"].flatMap { reader.int($0, "statistics.binning.bins", min: 1) }
        if let bins, bins > Histogram.maximumBins, let at = f["bins"] {
            reader.error(at, "statistics.binning.bins must be at most \(Histogram.maximumBins), found \(bins)")
            return nil
        }
        let strategy =
            f["strategy"].map { reader.choice($0, "statistics.binning.strategy", as: BinningStrategy.self) } ?? .equal
        guard let bins, let strategy else { return nil }
        return (bins, strategy)
    }

    /// The evaluated points the block asks for: its models (default: every evaluated one) at its
    /// masses (default: each model's evaluated masses).
    func readPoints(
        _ f: NodeReader.Fields, signal: [StatisticsSpec.MassValue]?, signalNode: YAMLNode?,
        bins: Int?, binsNode: YAMLNode?, nominal: [String: Double]
    ) -> [EvaluationSpec.Point]? {
        // With conditions, each point's nominal histogram is its evaluation at the nominal values.
        let evaluated = evaluation.points.filter { ThetaPoint.sameConditions($0.conditions, nominal) }
        var ok = true
        var chosen: [String] = []
        if let node = f["models"], let items = reader.list(node, "statistics.models") {
            if items.isEmpty { reader.error(node, "statistics.models must name at least one model"); ok = false }
            for item in items {
                guard let name = reader.string(item, "a model name") else { ok = false; continue }
                let matches = models.filter { $0.name == name || $0.sweep == name }.map(\.name)
                if matches.isEmpty {
                    ok = false
                    if declaredModels.contains(name) { continue }
                    let names = models.map(\.name) + Set(models.compactMap(\.sweep)).sorted()
                    reader.error(
                        item,
                        "statistics names model '\(name)', which is not defined"
                            + Suggestion.didYouMean(name, in: names))
                    continue
                }
                for m in matches where !evaluated.contains(where: { $0.model == m }) {
                    let at =
                        nominal.isEmpty
                        ? "" : " at the nominal \(ThetaPoint(mass: 0, conditions: nominal).conditionLabel())"
                    reader.error(
                        item,
                        "statistics names model '\(m)', which evaluate does not judge\(at); statistics reads the "
                            + "evaluation's scores"
                    )
                    ok = false
                }
                for m in matches where !chosen.contains(m) { chosen.append(m) }
            }
        } else if f["models"] != nil {
            ok = false
        } else {
            for p in evaluated where !chosen.contains(p.model) { chosen.append(p.model) }
        }

        var points = evaluated.filter { chosen.contains($0.model) }
        if let node = f["masses"] {
            let items: [YAMLNode]
            if case .sequence(let list) = node.content { items = list } else { items = [node] }
            guard let masses = reader.masses(node, "statistics.masses", allowNegative: true) else { return nil }
            for (mass, item) in zip(masses, items) {
                for model in chosen where !points.contains(where: { $0.model == model && Mass.same($0.mass, mass) }) {
                    if let data = evaluated.first(where: { $0.model == model })?.data,
                        let dataset = datasets.first(where: { $0.name == data }),
                        !MassSet(dataset.masses).contains(mass)
                    {
                        reader.error(
                            item,
                            "statistics mass \(formatNumber(mass)) has no test data: dataset '\(dataset.name)' "
                                + "holds \(dataset.masses.map(formatNumber).joined(separator: ", "))"
                        )
                    } else {
                        reader.error(
                            item,
                            "model '\(model)' is not evaluated at \(formatNumber(mass)); add the mass to its "
                                + "evaluate block or leave it out of statistics.masses"
                        )
                    }
                    ok = false
                }
            }
            points = points.filter { p in masses.contains { Mass.same($0, p.mass) } }
        }

        if !nominal.isEmpty, ok, points.isEmpty {
            reader.error(
                f.node,
                "statistics takes each network's nominal histogram at "
                    + "\(ThetaPoint(mass: 0, conditions: nominal).conditionLabel()), but evaluate judges no model "
                    + "there; add it to evaluate.points or set the nominal under statistics.systematics")
            ok = false
        }
        if let signal, let signalNode {
            var reported = MassSet()
            for p in points where StatisticsSpec.interpolate(signal, at: p.mass) == nil && reported.insert(p.mass) {
                let range = "\(formatNumber(signal.first?.mass ?? 0))…\(formatNumber(signal.last?.mass ?? 0))"
                reader.error(
                    signalNode,
                    "statistics.signal gives no yield at \(formatNumber(p.mass)): it is interpolated between the "
                        + "masses given (\(range)), never extrapolated"
                )
                ok = false
            }
        }
        if let bins, let binsNode {
            // Generators make exactly the events asked for, so too few events is known now; file
            // sources are counted when the histogram stage runs.
            for name in Set(points.map(\.data)).sorted() {
                guard let dataset = datasets.first(where: { $0.name == name }), dataset.source.isGenerator,
                    let perMass = dataset.signalPerMass, let background = dataset.background
                else { continue }
                if perMass < bins || background < bins {
                    reader.error(
                        binsNode,
                        "statistics asks for \(bins) bins, but dataset '\(name)' has \(perMass) signal events "
                            + "per mass and \(background) background events; each histogram needs at least one "
                            + "event per bin in each sample"
                    )
                    ok = false
                }
            }
        }
        return ok ? points : nil
    }
}
