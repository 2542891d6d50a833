import Foundation
import ParamRunSupport

/// The options a spec writes for a source (`source: {NAME: {…}}`), as a JSON-like value.
///
/// A spec's YAML becomes this value with plain numbers as ``number(_:)``, `true`/`false` as
/// ``bool(_:)`` and every other scalar as ``string(_:)``; mapping keys are always text. The
/// source reads it and reports problems at a ``SourceValue/Path`` so the spec loader can point
/// at the line. A map keeps the order it was written in, but a source must not give that order
/// meaning: the JSON form (a stage's cache key) is an object, and decoding sorts its keys.
public indirect enum SourceValue: Codable, Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([SourceValue])
    case map([Entry])

    /// One key of a map with its value.
    public struct Entry: Hashable, Sendable {
        /// The key as written.
        public var key: String
        /// The value under the key.
        public var value: SourceValue

        /// An entry `key: value`.
        public init(_ key: String, _ value: SourceValue) {
            self.key = key
            self.value = value
        }
    }

    /// Where a value sits inside the options: map keys, and list positions as decimal text
    /// (`["signal", "700", "1"]`). The empty path is the whole value.
    public typealias Path = [String]

    /// The value under `key` of a map; nil for a missing key or a value that is not a map.
    public subscript(key: String) -> SourceValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// A scalar as text (numbers in their shortest form); nil for a list or a map.
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let x): return formatNumber(x)
        case .bool(let b): return b ? "true" : "false"
        case .list, .map: return nil
        }
    }

    /// A word for the value's kind, for messages: "a list", "a mapping", "a number".
    public var kindName: String {
        switch self {
        case .string: return "text"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Writes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .number(let x):
            var c = encoder.singleValueContainer()
            try c.encode(x)
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .map(let entries):
            var c = encoder.container(keyedBy: Key.self)
            for entry in entries { try c.encode(entry.value, forKey: Key(stringValue: entry.key)) }
        }
    }

    /// Reads a value from JSON.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            self = .map(
                try keyed.allKeys.map(\.stringValue).sorted().map {
                    Entry($0, try keyed.decode(SourceValue.self, forKey: Key(stringValue: $0)))
                })
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [SourceValue] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(SourceValue.self)) }
            self = .list(items)
        } else {
            let c = try decoder.singleValueContainer()
            // Bool first: Foundation's decoder would read `true` as the number 1.
            if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let x = try? c.decode(Double.self) {
                self = .number(x)
            } else {
                self = .string(try c.decode(String.self))
            }
        }
    }
}
