import Foundation

/// An RFC 6901 JSON Pointer: `""` for the whole document, else `/`-separated reference tokens in
/// which `~1` stands for `/` and `~0` for `~`.
public struct JSONPointer: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    /// The pointer of `tokens`.
    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses `text`; nil when it is neither empty nor starts with `/`, or has a `~` that is not
    /// `~0` or `~1`.
    public init?(_ text: String) {
        if text.isEmpty { tokens = []; return }
        guard text.first == "/" else { return nil }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var scalars = raw.unicodeScalars.makeIterator()
            while let c = scalars.next() {
                guard c == "~" else { token.unicodeScalars.append(c); continue }
                switch scalars.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: return nil
                }
            }
            parsed.append(token)
        }
        tokens = parsed
    }

    /// The pointer as text, escaped.
    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    /// The pointer to the first `count` tokens.
    public func prefix(_ count: Int) -> JSONPointer { JSONPointer(tokens: Array(tokens.prefix(count))) }

    /// Whether `self` is `other` or lies inside it.
    public func isWithin(_ other: JSONPointer) -> Bool {
        tokens.count >= other.tokens.count && Array(tokens.prefix(other.tokens.count)) == other.tokens
    }

    /// The array index a token names: digits, without leading zeros (RFC 6901, section 4).
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            token == "0" || token.first != "0"
        else { return nil }
        return Int(token)
    }
}

extension JSONValue {
    /// The value `pointer` refers to, or nil when there is none.
    public subscript(pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            guard let next = current.child(token) else { return nil }
            current = next
        }
        return current
    }

    /// The member or element `token` names.
    func child(_ token: String) -> JSONValue? {
        switch self {
        case let .object(object): return object[token]
        case let .array(array):
            guard let i = JSONPointer.arrayIndex(token), i < array.count else { return nil }
            return array[i]
        default: return nil
        }
    }

    /// Why `pointer` does not resolve: the shortest prefix of it that names nothing, and why.
    func missing(_ pointer: JSONPointer) -> String {
        var current = self
        for (depth, token) in pointer.tokens.enumerated() {
            let here = pointer.prefix(depth + 1)
            switch current {
            case let .object(object):
                guard let next = object[token] else {
                    return "no such path \(here) (the object has no key \"\(token)\")"
                }
                current = next
            case let .array(array):
                guard let i = JSONPointer.arrayIndex(token) else {
                    return "no such path \(here) (\"\(token)\" is not an array index)"
                }
                guard i < array.count else { return "no such path \(here) (the array has \(array.count) elements)" }
                current = array[i]
            default:
                let parent = depth == 0 ? "the document" : "\(pointer.prefix(depth))"
                return "no such path \(here) (\(parent) is \(current.kind))"
            }
        }
        return "no such path \(pointer)"
    }
}
