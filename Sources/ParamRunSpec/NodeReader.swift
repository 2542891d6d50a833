import Foundation
import ParamRunSupport

/// Typed reads from ``YAMLNode``s that record a ``Diagnostic`` for every problem instead of
/// stopping at the first, so that one `validate` run lists them all.
final class NodeReader {
    private(set) var diagnostics: [Diagnostic] = []
    private var reported: Set<Diagnostic> = []

    func error(_ location: SourceLocation, _ message: String) {
        let diagnostic = Diagnostic(location, message)
        // Defaults merged into many models would repeat one mistake once per model.
        if reported.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    func error(_ node: YAMLNode, _ message: String) { error(node.location, message) }

    /// A mapping's entries by key, after checking every key is known and none repeats.
    struct Fields {
        let node: YAMLNode
        let context: String
        var entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]

        subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }
        func has(_ key: String) -> Bool { self[key] != nil }
    }

    func fields(_ node: YAMLNode, _ context: String, allowed: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let pairs) = node.content else {
            error(node, "\(context) must be a mapping, found \(node.kindName)")
            return nil
        }
        var fields = Fields(node: node, context: context, entries: [])
        var suggested: Set<String> = []
        var seen: Set<String> = []
        let allowedSet = Set(allowed)
        for pair in pairs {
            guard let key = pair.key.scalar, !pair.key.isNull else {
                error(pair.key, "keys in \(context) must be plain names, found \(pair.key.kindName)")
                continue
            }
            guard seen.insert(key).inserted else {
                error(pair.key, "duplicate key '\(Excerpt.value(key))' in \(context)")
                continue
            }
            guard allowedSet.contains(key) else {
                var message = "unknown key '\(Excerpt.value(key))' in \(context)"
                if let guess = Suggestion.closest(to: key, in: allowed) {
                    suggested.insert(guess)
                    message += "; did you mean '\(guess)'?"
                } else {
                    message += " (expected one of: \(allowed.joined(separator: ", ")))"
                }
                error(pair.key, message)
                continue
            }
            fields.entries.append((key, pair.key, pair.value))
        }
        // A misspelt required key is reported once, as the misspelling.
        for key in required where !seen.contains(key) && !suggested.contains(key) {
            error(node, "\(context) is missing the required key '\(key)'")
        }
        return fields
    }

    /// Reads an optional key: `.some(nil)` when it is absent, `nil` when present but invalid,
    /// so that a `guard let` fails only on bad values.
    func optional<T>(_ node: YAMLNode?, _ read: (YAMLNode) -> T?) -> T?? {
        guard let node else { return .some(nil) }
        guard let value = read(node) else { return nil }
        return .some(value)
    }

    func string(_ node: YAMLNode, _ what: String) -> String? {
        guard case .scalar(let s, _) = node.content, !node.isNull else {
            error(node, "\(what) must be a string, found \(node.kindName)")
            return nil
        }
        return s
    }

    func int(_ node: YAMLNode, _ what: String, min: Int) -> Int? {
        guard node.isPlainScalar, let text = node.scalar, let value = Int(text.replacingOccurrences(of: "_", with: ""))
        else {
            error(node, "\(what) must be a whole number, found \(describe(node))")
            return nil
        }
        guard value >= min else {
            error(node, "\(what) must be at least \(min), found \(value)")
            return nil
        }
        return value
    }

    /// A finite number in `range`; `open` excludes the lower bound (a learning rate of 0 is no learning).
    func double(_ node: YAMLNode, _ what: String, _ range: ClosedRange<Double>, openBelow: Bool = false) -> Double? {
        guard node.isPlainScalar, let text = node.scalar, let value = Self.yamlNumber(text) else {
            error(node, "\(what) must be a number, found \(describe(node))")
            return nil
        }
        guard value.isFinite else {
            error(node, "\(what) must be a finite number, found \(node.scalar ?? "")")
            return nil
        }
        let below = openBelow ? value <= range.lowerBound : value < range.lowerBound
        if below || value > range.upperBound {
            let low =
                openBelow
                ? "greater than \(formatNumber(range.lowerBound))" : "at least \(formatNumber(range.lowerBound))"
            let message =
                range.upperBound == .infinity
                ? "\(what) must be \(low), found \(formatNumber(value))"
                : "\(what) must be \(low) and at most \(formatNumber(range.upperBound)), found \(formatNumber(value))"
            error(node, message)
            return nil
        }
        return value
    }

    /// YAML 1.1 floats, including `.nan` and `.inf`, so those are named as non-finite, not as text.
    static func yamlNumber(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".nan": return .nan
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        default:
            let lowered = text.lowercased()
            guard !["nan", "inf", "+inf", "-inf", "infinity", "-infinity"].contains(lowered) else { return nil }
            return Double(text.replacingOccurrences(of: "_", with: ""))
        }
    }

    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        if node.isPlainScalar, let text = node.scalar?.lowercased() {
            if ["true", "yes", "on"].contains(text) { return true }
            if ["false", "no", "off"].contains(text) { return false }
        }
        error(node, "\(what) must be true or false, found \(describe(node))")
        return nil
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard let text = node.scalar, !node.isNull else {
            error(node, "\(what) must be one of \(names.joined(separator: ", ")), found \(node.kindName)")
            return nil
        }
        if let value = E(rawValue: text) { return value }
        let message =
            "\(what) must be one of \(names.joined(separator: ", ")), found '\(Excerpt.value(text))'"
            + Suggestion.didYouMean(text, in: names)
        error(node, message)
        return nil
    }

    /// One of `choices`, by raw value, for a spec key that allows only some of a type's cases.
    func choice<E: RawRepresentable>(_ node: YAMLNode, _ what: String, among choices: [E]) -> E?
    where E.RawValue == String {
        let names = choices.map(\.rawValue)
        guard let text = node.scalar, !node.isNull else {
            error(node, "\(what) must be one of \(names.joined(separator: ", ")), found \(node.kindName)")
            return nil
        }
        if let value = choices.first(where: { $0.rawValue == text }) { return value }
        error(
            node,
            "\(what) must be one of \(names.joined(separator: ", ")), found '\(Excerpt.value(text))'"
                + Suggestion.didYouMean(text, in: names))
        return nil
    }

    func list(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        guard case .sequence(let items) = node.content else {
            error(node, "\(what) must be a list, found \(node.kindName)")
            return nil
        }
        return items
    }

    /// Masses as a list, or one mass alone; each positive for physics, any finite value for the toy.
    func masses(_ node: YAMLNode, _ what: String, allowNegative: Bool = false) -> [Double]? {
        let items: [YAMLNode]
        if case .sequence(let list) = node.content {
            items = list
        } else if node.scalar != nil, !node.isNull {
            items = [node]
        } else {
            error(node, "\(what) must be a list of numbers, found \(node.kindName)")
            return nil
        }
        let range: ClosedRange<Double> =
            allowNegative
            ? -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude : 0...Double.greatestFiniteMagnitude
        var values: [Double] = []
        var seen = MassSet()
        var ok = true
        for item in items {
            guard let v = double(item, "each of \(what)", range, openBelow: !allowNegative) else {
                ok = false; continue
            }
            if !seen.insert(v) {
                error(item, "\(what) lists \(formatNumber(v)) twice")
                ok = false
            }
            values.append(v)
        }
        return ok ? values : nil
    }

    func describe(_ node: YAMLNode) -> String {
        if node.isNull { return "nothing" }
        if let s = node.scalar { return "'\(Excerpt.value(s))'" }
        return node.kindName
    }
}
