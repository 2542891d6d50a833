/// A stage's stable, readable name: `load/train`, `train/fixed-1000`, `evaluate/fixed-1000@1000`.
public struct StageID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The stage's kind, the first part of its name.
    public var kind: StageKind
    /// The rest of its name, unique within its kind.
    public var name: String

    /// The stage of `kind` named `name`.
    public init(_ kind: StageKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `kind/name`, as users type it after `--only` or `paramrun stage`.
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/"), let kind = StageKind(rawValue: String(text[..<slash])) else {
            return nil
        }
        let name = String(text[text.index(after: slash)...])
        guard !name.isEmpty else { return nil }
        self.init(kind, name)
    }

    /// `kind/name`, as listings show it and `--only` accepts it.
    public var description: String { "\(kind.rawValue)/\(name)" }

    /// Pipeline order of the kinds, then names in order.
    public static func < (a: StageID, b: StageID) -> Bool {
        (a.kind.order, a.name) < (b.kind.order, b.name)
    }
}

/// A kind of work a spec turns into: `load`, `scale`, `train`, `evaluate`, `report`, …
///
/// Each kind is declared by its ``StageDefinition``; its place in ``StageRegistry/definitions``
/// is its place in pipeline order, which orders listings and cluster job groups.
public struct StageKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind's name: `load`, `train`, ….
    public let rawValue: String

    /// A kind by name; nil unless a registered definition declares it.
    public init?(rawValue: String) {
        guard StageRegistry.definition(named: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    /// Declares a kind; only a ``StageDefinition`` should call this, for its own ``StageDefinition/kind``.
    package init(declaring name: String) {
        rawValue = name
    }

    /// Decodes a kind's name; fails on a name no registered stage declares.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let kind = StageKind(rawValue: name) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown stage kind '\(name)'"))
        }
        self = kind
    }

    /// Encodes the kind as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Every registered kind, in pipeline order.
    public static var allCases: [StageKind] { StageRegistry.definitions.map { $0.kind } }

    /// The kind's place in pipeline order.
    package var order: Int { Self.orders[rawValue] ?? Int.max }

    /// Each registered kind's place, looked up once: stage IDs are compared n log n times
    /// when a graph is ordered.
    private static let orders: [String: Int] = Dictionary(
        StageRegistry.definitions.enumerated().map { ($1.kind.rawValue, $0) }, uniquingKeysWith: { first, _ in first })

    /// The kind's name.
    public var description: String { rawValue }
}
