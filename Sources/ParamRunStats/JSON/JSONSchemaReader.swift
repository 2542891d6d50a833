import Foundation

/// Reads the typed parts of a parsed JSON document, each error naming the file and the JSON path
/// (`channels[2].samples[0].data`) of the value that is wrong.
struct JSONSchemaReader {
    /// The file the document came from.
    let file: String

    /// `path.key`, or `key` at the top.
    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// `path[index]`.
    static func join(_ path: String, _ index: Int) -> String { path + "[\(index)]" }

    func failure(at path: String, _ reason: String) -> StatsError {
        .invalidJSON(file: file, path: path, reason: reason)
    }

    func object(_ value: JSONValue, at path: String) throws(StatsError) -> JSONObject {
        guard case let .object(object) = value else {
            throw failure(at: path, "expected an object, found \(value.kind)")
        }
        return object
    }

    func array(_ value: JSONValue, at path: String, minCount: Int = 0) throws(StatsError) -> [JSONValue] {
        guard case let .array(array) = value else { throw failure(at: path, "expected an array, found \(value.kind)") }
        if array.count < minCount { throw failure(at: path, "expected at least \(minCount) element(s), found none") }
        return array
    }

    func string(_ value: JSONValue, at path: String) throws(StatsError) -> String {
        guard case let .string(text) = value else { throw failure(at: path, "expected a string, found \(value.kind)") }
        return text
    }

    func number(_ value: JSONValue, at path: String) throws(StatsError) -> Double {
        guard case let .number(number) = value else {
            throw failure(at: path, "expected a number, found \(value.kind)")
        }
        return number
    }

    func bool(_ value: JSONValue, at path: String) throws(StatsError) -> Bool {
        guard case let .bool(flag) = value else { throw failure(at: path, "expected a boolean, found \(value.kind)") }
        return flag
    }

    func null(_ value: JSONValue, at path: String) throws(StatsError) {
        guard case .null = value else { throw failure(at: path, "expected null, found \(value.kind)") }
    }

    /// An array of numbers, at least `minCount` of them.
    func numbers(_ value: JSONValue, at path: String, minCount: Int = 1) throws(StatsError) -> [Double] {
        guard case let .array(array) = value else {
            throw failure(at: path, "expected an array of numbers, found \(value.kind)")
        }
        if array.count < minCount { throw failure(at: path, "expected at least \(minCount) number(s), found none") }
        var numbers: [Double] = []
        numbers.reserveCapacity(array.count)
        for (i, element) in array.enumerated() {
            guard case let .number(number) = element else {
                throw failure(at: Self.join(path, i), "expected a number, found \(element.kind)")
            }
            numbers.append(number)
        }
        return numbers
    }

    /// The value of `key`, which must be present.
    func required(_ object: JSONObject, _ key: String, at path: String) throws(StatsError) -> JSONValue {
        guard let value = object[key] else {
            throw failure(at: path, "missing required key \"\(key)\"")
        }
        return value
    }

    /// Refuses a key outside `allowed`, as a schema with `additionalProperties: false` does.
    func checkKeys(_ object: JSONObject, at path: String, allowed: [String]) throws(StatsError) {
        for key in object.keys where !allowed.contains(key) {
            throw failure(
                at: Self.join(path, key), "unknown key \"\(key)\" (allowed: \(allowed.joined(separator: ", ")))")
        }
    }
}
