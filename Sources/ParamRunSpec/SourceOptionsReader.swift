import ParamRunData
import ParamRunSupport

/// Turns the YAML under an options source's name into a ``SourceValue``, remembering the node
/// at every path so that the source's problems can be reported at their line.
struct SourceOptionsReader {
    let reader: NodeReader

    /// The value of `node`, or nil after reporting what cannot be a source option.
    func value(_ node: YAMLNode, at path: SourceValue.Path, nodes: inout [SourceValue.Path: YAMLNode]) -> SourceValue? {
        nodes[path] = node
        switch node.content {
        case .scalar(let text, let plain):
            if node.isNull {
                reader.error(node, "a source option has no value here")
                return nil
            }
            guard plain else { return .string(text) }
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            // Only finite numbers: a tree called `inf` stays a name.
            if let number = NodeReader.yamlNumber(text), number.isFinite { return .number(number) }
            return .string(text)
        case .sequence(let items):
            var values: [SourceValue] = []
            for (i, item) in items.enumerated() {
                if let v = value(item, at: path + [String(i)], nodes: &nodes) { values.append(v) }
            }
            return values.count == items.count ? .list(values) : nil
        case .mapping(let pairs):
            var entries: [SourceValue.Entry] = []
            var failed = false
            for pair in pairs {
                guard let key = pair.key.scalar, !pair.key.isNull else {
                    reader.error(
                        pair.key, "keys of source options must be names or numbers, found \(pair.key.kindName)")
                    failed = true
                    continue
                }
                if entries.contains(where: { $0.key == key }) {
                    reader.error(pair.key, "duplicate key '\(key)' in source options")
                    failed = true
                    continue
                }
                guard let v = value(pair.value, at: path + [key], nodes: &nodes) else {
                    failed = true
                    continue
                }
                entries.append(SourceValue.Entry(key, v))
            }
            return failed ? nil : .map(entries)
        }
    }
}
