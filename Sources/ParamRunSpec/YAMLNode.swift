/// A YAML node as composed from libyaml's events, with aliases and merge keys already resolved.
///
/// Every node keeps where it was written, so that a bad value deep inside a merged anchor is
/// still reported at the line that holds it.
package struct YAMLNode: Hashable, Sendable {
    package enum Content: Hashable, Sendable {
        /// `plain` is false for quoted and block scalars: `"1000"` is a string, `1000` a number.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    package struct Pair: Hashable, Sendable {
        package var key: YAMLNode
        package var value: YAMLNode
    }

    package var content: Content
    package var location: SourceLocation
    /// An explicit tag such as `!each`; nil when the node has none.
    package var tag: String?
    /// How many nodes this one stands for, itself and everything inside it: what a reader walks
    /// when it visits this node, however many times aliases share it.
    package let size: Int

    package init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
        switch content {
        case .scalar: size = 1
        case .sequence(let items): size = items.reduce(1) { $0 &+ $1.size }
        case .mapping(let pairs): size = pairs.reduce(1) { $0 &+ $1.key.size &+ $1.value.size }
        }
    }

    /// The scalar's text, or nil for collections.
    package var scalar: String? {
        if case .scalar(let s, _) = content { return s }
        return nil
    }

    package var isPlainScalar: Bool {
        if case .scalar(_, let plain) = content { return plain }
        return false
    }

    /// YAML 1.1's null: `~`, `null`, or nothing at all.
    package var isNull: Bool {
        if case .scalar(let s, let plain) = content {
            return plain && (s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL")
        }
        return false
    }

    /// A word for the node's kind, for messages such as "expected a list, found a mapping".
    package var kindName: String {
        switch content {
        case .scalar: return isNull ? "nothing" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
