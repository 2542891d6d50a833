import ParamRunData
import ParamRunSupport

extension DatasetsSection {
    /// Reports every θ value outside what the dataset's source can make events at
    /// (``EventSource/validRange(of:)``), at the value's own node. Called once the masses or
    /// points were read without error, so every value here is a finite number in its unit.
    func checkRanges(_ node: YAMLNode, of type: any EventSource.Type, dataset: String, allowNegative: Bool) {
        let components = parameters.parameters
        guard components.contains(where: { type.validRange(of: $0.name) != nil }) else { return }
        for item in Self.elements(node) {
            if case .mapping(let pairs) = item.content {
                for pair in pairs {
                    guard let name = pair.key.scalar, let component = components.first(where: { $0.name == name })
                    else { continue }
                    for value in Self.elements(pair.value) {
                        checkRange(value, component, of: type, dataset: dataset, allowNegative: allowNegative)
                    }
                }
            } else if item.scalar != nil, !item.isNull {
                checkRange(item, components[0], of: type, dataset: dataset, allowNegative: allowNegative)
            }
        }
    }

    func checkRange(
        _ node: YAMLNode, _ component: ParameterSpec, of type: any EventSource.Type, dataset: String,
        allowNegative: Bool
    ) {
        guard let range = type.validRange(of: component.name),
            let value = parameters.value(
                node, component, "points of dataset '\(dataset)'", allowNegative: allowNegative),
            !range.contains(value)
        else { return }
        // A source whose θ may be negative (the toy's) takes a bare number, not a mass in GeV.
        let unit = component.dimension == "energy" && !type.allowsNegativeMasses ? " GeV" : ""
        reader.error(
            node,
            "dataset '\(dataset)' (source \(type.name)) cannot make events at \(component.name) "
                + "\(formatNumber(value))\(unit): it makes \(component.name) in "
                + "\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound))\(unit)")
    }

    static func elements(_ node: YAMLNode) -> [YAMLNode] {
        if case .sequence(let list) = node.content { return list }
        return [node]
    }
}
