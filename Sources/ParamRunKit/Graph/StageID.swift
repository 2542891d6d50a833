/// A stage's stable, readable name: `load/train`, `train/fixed-1000`, `evaluate/fixed-1000@1000`.
public struct StageID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var kind: StageKind
    public var name: String

    public init(_ kind: StageKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `kind/name`, as users type it after `--only` or `paramrun stage`.
    public init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/"), let kind = StageKind(rawValue: String(text[..<slash])) else { return nil }
        let name = String(text[text.index(after: slash)...])
        guard !name.isEmpty else { return nil }
        self.init(kind, name)
    }

    public var description: String { "\(kind.rawValue)/\(name)" }

    public static func < (a: StageID, b: StageID) -> Bool {
        (a.kind.order, a.name) < (b.kind.order, b.name)
    }
}

/// The five kinds of work a spec turns into, in pipeline order.
public enum StageKind: String, Hashable, Sendable, Codable, CaseIterable {
    case load, scale, train, evaluate, report

    var order: Int { Self.allCases.firstIndex(of: self)! }
}
