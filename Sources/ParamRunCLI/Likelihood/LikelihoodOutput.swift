import Foundation

/// What one command computed for one model: a JSON object whose keys keep the order the issue
/// gives them, and the lines of a readable summary.
struct LikelihoodOutput: Sendable {
    var json: JSONText
    var summary: [String]
}

/// A JSON value written with its object keys in the order given (`mu`, then `cls_observed`, …),
/// which `JSONEncoder` would sort or scramble.
indirect enum JSONText: Sendable {
    case number(Double)
    case string(String)
    case array([JSONText])
    case object([(key: String, value: JSONText)])

    /// An array of numbers.
    static func numbers(_ values: [Double]) -> JSONText { .array(values.map(JSONText.number)) }

    /// Whether every number in it is finite: the runner turns anything else into a failure, so
    /// that no NaN or inf is ever printed as a result.
    var isFinite: Bool {
        switch self {
        case let .number(x): return x.isFinite
        case .string: return true
        case let .array(items): return items.allSatisfy(\.isFinite)
        case let .object(members): return members.allSatisfy(\.value.isFinite)
        }
    }

    /// `object` with `key: value` first.
    func prepending(_ key: String, _ value: JSONText) -> JSONText {
        guard case let .object(members) = self else { return self }
        return .object([(key, value)] + members)
    }

    /// Compact JSON text on one line. Numbers are Swift's shortest round-trip form, which reads
    /// back as the same Double.
    var text: String {
        switch self {
        case let .number(x): return "\(x)"
        case let .string(s): return Self.quoted(s)
        case let .array(items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case let .object(members):
            return "{" + members.map { Self.quoted($0.key) + ": " + $0.value.text }.joined(separator: ", ") + "}"
        }
    }

    /// `s` as a JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Numbers in a readable summary: five significant digits, as `%g` writes them.
func readable(_ x: Double) -> String { String(format: "%.5g", x) }
