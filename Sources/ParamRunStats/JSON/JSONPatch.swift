import Foundation

/// An RFC 6902 JSON Patch: operations applied in order, all or nothing.
///
/// Errors name the patch's file, the operation's index, its name and path, and what failed:
/// `patch.json: [3] add /channels/5/samples/-: no such path /channels/5 (the array has 3 elements)`.
/// A patch inside a patchset carries its place there (`patches[2].patch`) before the index.
public struct JSONPatch: Equatable, Sendable {
    /// One operation of a patch.
    public enum Operation: Equatable, Sendable {
        /// Adds `value` at `path`: sets an object member, or inserts into an array (`-` appends).
        case add(path: JSONPointer, value: JSONValue)
        /// Removes the value at `path`, which must exist.
        case remove(path: JSONPointer)
        /// Replaces the value at `path`, which must exist.
        case replace(path: JSONPointer, value: JSONValue)
        /// Removes the value at `from` and adds it at `path`.
        case move(from: JSONPointer, path: JSONPointer)
        /// Adds a copy of the value at `from` at `path`.
        case copy(from: JSONPointer, path: JSONPointer)
        /// Fails unless the value at `path` equals `value`.
        case test(path: JSONPointer, value: JSONValue)

        /// The operation's `op`: `add`, `remove`, ….
        public var name: String {
            switch self {
            case .add: "add"
            case .remove: "remove"
            case .replace: "replace"
            case .move: "move"
            case .copy: "copy"
            case .test: "test"
            }
        }

        /// The pointer the operation acts on.
        public var path: JSONPointer {
            switch self {
            case let .add(path, _), let .remove(path), let .replace(path, _), let .move(_, path),
                let .copy(_, path), let .test(path, _):
                path
            }
        }
    }

    /// The operations, in order.
    public var operations: [Operation]
    /// The file the patch came from, for errors.
    public var file: String
    /// Where the operations sit in that file (`patches[2].patch` in a patchset; empty for a
    /// patch file), for errors.
    public var location: String

    /// A patch of `operations`, read from `file` at `location`.
    public init(operations: [Operation], file: String, location: String = "") {
        self.operations = operations; self.file = file; self.location = location
    }

    /// The patch `json` holds, an array of operations, read from `file` at `location`.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` naming the operation and member.
    public init(json: JSONValue, file: String, location: String = "") throws(StatsError) {
        let reader = JSONSchemaReader(file: file)
        let items = try reader.array(json, at: location)
        var operations: [Operation] = []
        operations.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            operations.append(try Self.operation(item, at: JSONSchemaReader.join(location, i), reader: reader))
        }
        self.init(operations: operations, file: file, location: location)
    }

    /// Reads the JSON Patch file at `url`.
    /// - Throws: ``StatsError`` naming the file, and the line and column or the JSON path.
    public static func load(from url: URL, maximumSize: Int = JSONFile.defaultMaximumSize) throws(StatsError)
        -> JSONPatch
    {
        try JSONPatch(json: JSONFile.parse(url, maximumSize: maximumSize), file: url.path)
    }

    static func operation(_ json: JSONValue, at path: String, reader: JSONSchemaReader) throws(StatsError) -> Operation
    {
        // RFC 6902 says members other than those an operation uses are ignored.
        let object = try reader.object(json, at: path)
        let op = try reader.string(reader.required(object, "op", at: path), at: path + ".op")
        func pointer(_ key: String) throws(StatsError) -> JSONPointer {
            let text = try reader.string(reader.required(object, key, at: path), at: path + "." + key)
            guard let pointer = JSONPointer(text) else {
                throw reader.failure(at: path + "." + key, "\"\(text)\" is not a JSON Pointer (RFC 6901)")
            }
            return pointer
        }
        func value() throws(StatsError) -> JSONValue { try reader.required(object, "value", at: path) }
        switch op {
        case "add": return .add(path: try pointer("path"), value: try value())
        case "remove": return .remove(path: try pointer("path"))
        case "replace": return .replace(path: try pointer("path"), value: try value())
        case "move": return .move(from: try pointer("from"), path: try pointer("path"))
        case "copy": return .copy(from: try pointer("from"), path: try pointer("path"))
        case "test": return .test(path: try pointer("path"), value: try value())
        default:
            throw reader.failure(
                at: path + ".op", "unknown operation \"\(op)\" (add, remove, replace, move, copy, test)")
        }
    }

    /// `document` with every operation applied; nothing of it changes when one fails.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` naming the operation.
    public func applied(to document: JSONValue) throws(StatsError) -> JSONValue {
        var result = document
        for (i, operation) in operations.enumerated() {
            do throws(JSONPatchFailure) {
                try result.apply(operation)
            } catch {
                let reason: String
                // The root pointer is empty text; quoted, the message still shows it.
                let shown = operation.path.tokens.isEmpty ? "\"\"" : operation.path.description
                switch error {
                case let .missing(pointer): reason = result.missing(pointer)
                case let .invalid(message): reason = message
                }
                throw .invalidJSON(
                    file: file, path: "\(location)[\(i)] \(operation.name) \(shown)", reason: reason)
            }
        }
        return result
    }

    /// Applies every operation to `document`, which is left as it was when one fails.
    /// - Throws: ``StatsError/invalidJSON(file:path:reason:)`` naming the operation.
    public func apply(to document: inout JSONValue) throws(StatsError) {
        document = try applied(to: document)
    }
}
