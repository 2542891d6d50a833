import ParamRunData
import ParamRunSupport

/// `features:` selects the network inputs: `all` (the default), `low-level`, `high-level` or a
/// list of column names, each of which every dataset must have.
struct FeaturesSection: SpecSection {
    static let key = "features"
    static var reads: [any SpecSection.Type] { [DatasetsSection.self] }

    let context: SectionContext
    var reader: NodeReader { context.reader }
    var datasets: [DatasetSpec] { context.datasets }

    static func read(_ context: SectionContext) -> FeatureSelection? {
        guard let node = context.node else { return .all }
        let section = FeaturesSection(context: context)
        let features = section.readFeatures(node)
        if let features { section.checkFeatures(features, node: node) }
        return features
    }

    func readFeatures(_ node: YAMLNode) -> FeatureSelection? {
        if let word = node.scalar, !node.isNull {
            switch word {
            case "all": return .all
            case "low-level": return .lowLevel
            case "high-level": return .highLevel
            default:
                let message =
                    "features must be all, low-level, high-level or a list of column names, found "
                    + "'\(Excerpt.value(word))'" + Suggestion.didYouMean(word, in: ["all", "low-level", "high-level"])
                reader.error(node, message)
                return nil
            }
        }
        guard let items = reader.list(node, "features") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "features must not be an empty list")
            return nil
        }
        let names = items.compactMap { reader.string($0, "a feature name") }
        return names.count == items.count ? .names(names) : nil
    }

    func checkFeatures(_ features: FeatureSelection, node: YAMLNode) {
        for dataset in datasets {
            let columns = dataset.source.type?.init(reference: context.resolved(dataset.source)).featureNames ?? []
            switch features {
            case .all: break
            case .lowLevel, .highLevel:
                if columns.count != 27 {
                    reader.error(
                        node,
                        "features '\(features == .lowLevel ? "low-level" : "high-level")' needs the 27 "
                            + "HEPMASS features, but dataset '\(dataset.name)' has only "
                            + "\(columns.joined(separator: ", "))")
                }
            case .names(let names):
                let items: [YAMLNode]
                if case .sequence(let list) = node.content { items = list } else { items = [] }
                for (name, item) in zip(names, items) where !columns.contains(name) {
                    let message =
                        "dataset '\(dataset.name)' has no feature '\(name)'"
                        + Suggestion.didYouMean(name, in: columns)
                    reader.error(item, message)
                }
            }
        }
    }
}

extension Spec {
    /// The network inputs every dataset provides.
    public var features: FeatureSelection { self[FeaturesSection.self] ?? .all }
}
