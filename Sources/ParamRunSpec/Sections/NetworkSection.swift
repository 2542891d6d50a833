/// `network:` holds settings every model inherits unless it sets them itself: any model key
/// but those that name a model's own data.
enum NetworkSection: SpecSection {
    static let key = "network"
    static var keys: [String] {
        ModelsSection.keys.filter { !["type", "train_data", "train_masses", "train_points"].contains($0) }
    }

    static func read(_ context: SectionContext) -> NetworkDefaults? {
        guard let node = context.node else { return NetworkDefaults() }
        return context.reader.fields(node, "network", allowed: keys).map {
            NetworkDefaults(pairs: $0.entries.map { YAMLNode.Pair(key: $0.keyNode, value: $0.value) })
        }
    }
}

/// The `network:` entries as written, merged into each model's mapping before it is read.
struct NetworkDefaults: Hashable, Sendable {
    var pairs: [YAMLNode.Pair] = []
}
