import ParamRunData
import ParamRunNN

/// Reads and checks the `export:` section: `{formats: [onnx], models: [a, sweep, …]}`, models
/// defaulting to every evaluated model. Only evaluated models are trained, so only they can be
/// exported, and each must be expressible in every format asked for.
struct ExportReader {
    static let keys = ["formats", "models"]

    let reader: NodeReader
    /// The spec's datasets, features and folder: they give each network's input width.
    let datasets: [DatasetSpec]
    let features: FeatureSelection?
    let resolve: (String) -> String

    func read(_ node: YAMLNode, models: [ModelSpec], evaluated: Set<String>?, declaredModels: Set<String>)
        -> ExportSpec?
    {
        guard let f = reader.fields(node, "export", allowed: Self.keys, required: ["formats"]) else { return nil }
        var ok = true
        var formats: [(ExportSpec.Format, YAMLNode)] = []
        if let n = f["formats"], let items = reader.list(n, "export.formats") {
            if items.isEmpty { reader.error(n, "export.formats must name at least one format"); ok = false }
            for item in items {
                guard let format = reader.choice(item, "an export format", as: ExportSpec.Format.self) else {
                    ok = false; continue
                }
                if !formats.contains(where: { $0.0 == format }) { formats.append((format, item)) }
            }
        } else {
            ok = false
        }

        // Each chosen model with the node its problems are reported at.
        var chosen: [(ModelSpec, YAMLNode)] = []
        if let n = f["models"] {
            guard let items = reader.list(n, "export.models") else { return nil }
            if items.isEmpty {
                reader.error(
                    n, "export.models must name at least one model; leave it out to export every evaluated model");
                ok = false
            }
            let (named, complete) = reader.namedModels(
                items, section: "export", models: models, declaredModels: declaredModels)
            if !complete { ok = false }
            for (item, matches) in named {
                if let evaluated, let unjudged = matches.first(where: { !evaluated.contains($0.name) }) {
                    reader.error(
                        item,
                        "export names model '\(unjudged.name)', which no evaluate block judges, so it is never "
                            + "trained; add it to evaluate.models"
                    )
                    ok = false
                    continue
                }
                for m in matches where !chosen.contains(where: { $0.0.name == m.name }) { chosen.append((m, item)) }
            }
        } else if let evaluated {
            chosen = models.filter { evaluated.contains($0.name) }.map { ($0, f["formats"] ?? node) }
        }

        for (format, formatNode) in formats {
            for (model, at) in chosen {
                guard let problem = problem(exporting: model, as: format) else { continue }
                // With no models listed, the format is what asks for the impossible file.
                reader.error(
                    f["models"] == nil ? formatNode : at,
                    "model '\(model.name)' cannot be exported as \(format.rawValue.uppercased()): \(problem)")
                ok = false
            }
        }
        return ok ? ExportSpec(formats: formats.map(\.0), models: chosen.map(\.0.name)) : nil
    }

    /// Why `model` cannot be written in `format`, or nil.
    func problem(exporting model: ModelSpec, as format: ExportSpec.Format) -> String? {
        switch format {
        case .onnx:
            // Every model kind is an MLP with a logistic output; what can fail is an activation
            // without an ONNX operator, or a network too large for a file paramrun reads back.
            guard let inputs = inputCount(of: model) else { return nil }
            return model.architecture(inputCount: inputs).onnxExportProblem
        }
    }

    /// The network's input width: its selected features, and θ for a parameterized network.
    func inputCount(of model: ModelSpec) -> Int? {
        guard let features, let dataset = datasets.first(where: { $0.name == model.trainData }),
            let type = dataset.source.type
        else { return nil }
        let names = type.init(path: dataset.source.path.map(resolve)).featureNames
        guard let count = try? features.indices(in: names).count else { return nil }
        return count + (model.kind == .parameterized ? 1 : 0)
    }
}
