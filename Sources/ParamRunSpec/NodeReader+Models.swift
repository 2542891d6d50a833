import ParamRunSupport

extension NodeReader {
    /// The models a section's list names (`export.models`, `smoothness.models`): for each item,
    /// its node (for later errors) and the model or whole sweep it names. An unknown name is
    /// reported at its item, with a suggestion, unless it names a model that failed to read
    /// (already reported); `complete` is false when any item gave no model.
    func namedModels(
        _ items: [YAMLNode], section: String, models: [ModelSpec],
        declaredModels: Set<String>
    ) -> (items: [(node: YAMLNode, models: [ModelSpec])], complete: Bool) {
        var found: [(node: YAMLNode, models: [ModelSpec])] = []
        var complete = true
        for item in items {
            guard let name = string(item, "a model name") else { complete = false; continue }
            let matches = models.filter { $0.name == name || $0.sweep == name }
            if matches.isEmpty {
                if !declaredModels.contains(name) {
                    let names = models.map(\.name) + Set(models.compactMap(\.sweep)).sorted()
                    error(
                        item,
                        "\(section) names model '\(name)', which is not defined"
                            + Suggestion.didYouMean(name, in: names))
                }
                complete = false
                continue
            }
            found.append((item, matches))
        }
        return (found, complete)
    }
}
