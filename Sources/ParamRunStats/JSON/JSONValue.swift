import Foundation

/// A JSON document, as RFC 8259 defines it; objects keep their keys in file order.
///
/// Numbers are `Double`s: pyhf reads every number as a float, and the parser refuses one that
/// overflows. Two values are equal when RFC 6902's `test` would call them equal: objects compare
/// as sets of members, whatever their order.
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A finite number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, its members in the order they were written.
    case object(JSONObject)

    /// What the value is, with its article, for messages: `a string`, `an array`, `null`.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The string, when the value is one.
    public var stringValue: String? { if case let .string(s) = self { s } else { nil } }
    /// The number, when the value is one.
    public var numberValue: Double? { if case let .number(n) = self { n } else { nil } }
    /// The elements, when the value is an array.
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { a } else { nil } }
    /// The members, when the value is an object.
    public var objectValue: JSONObject? { if case let .object(o) = self { o } else { nil } }
}

/// A JSON object: members in file order, at most one per key.
///
/// Lookups scan the members: the objects of a workspace have a handful of keys, and keeping them
/// in one array keeps file order and makes parsing cheap.
public struct JSONObject: Equatable, Sendable {
    /// One member: a key and its value.
    public struct Member: Equatable, Sendable {
        /// The member's key.
        public var key: String
        /// The member's value.
        public var value: JSONValue
        /// A member `key`: `value`.
        public init(key: String, value: JSONValue) { self.key = key; self.value = value }
    }

    /// The members, in the order they were written or added.
    public internal(set) var members: [Member]

    /// An object of `members`, which must have distinct keys.
    public init(_ members: [Member] = []) { self.members = members }

    /// An object of `pairs`, which must have distinct keys, in their order.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        members = pairs.map { Member(key: $0.key, value: $0.value) }
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// The value of `key`; setting one that is absent appends it, setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case let (i?, value?): members[i].value = value
            case let (i?, nil): members.remove(at: i)
            case let (nil, value?): members.append(Member(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Removes `key` and returns its value, nil when it was absent.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = members.firstIndex(where: { $0.key == key }) else { return nil }
        return members.remove(at: i).value
    }

    /// Appends a member without looking for its key: for a parser that has already checked it.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// Equal when both have the same keys with equal values, in any order (RFC 6902, 4.6).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }
}
