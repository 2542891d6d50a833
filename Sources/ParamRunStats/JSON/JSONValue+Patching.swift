import Foundation

/// Why one patch operation failed; ``JSONPatch`` turns it into a message naming the operation.
enum JSONPatchFailure: Error {
    /// The pointer names nothing in the document.
    case missing(JSONPointer)
    /// Anything else, said in full.
    case invalid(String)
}

extension JSONValue {
    /// Applies one operation in place (RFC 6902, section 4).
    mutating func apply(_ operation: JSONPatch.Operation) throws(JSONPatchFailure) {
        switch operation {
        case let .add(path, value):
            try add(value, at: path)
        case let .remove(path):
            _ = try remove(at: path)
        case let .replace(path, value):
            try modify(path.tokens[...], pointer: path) { (target: inout JSONValue) throws(JSONPatchFailure) in
                target = value
            }
        case let .move(from, path):
            // Moving a value onto itself changes nothing, but the value must still be there.
            if from == path {
                guard self[from] != nil else { throw .missing(from) }
                return
            }
            if path.isWithin(from) { throw .invalid("cannot move \(from) into one of its own children") }
            let value = try remove(at: from)
            try add(value, at: path)
        case let .copy(from, path):
            guard let value = self[from] else { throw .missing(from) }
            try add(value, at: path)
        case let .test(path, value):
            guard let found = self[path] else { throw .missing(path) }
            guard found == value else { throw .invalid("test failed: the value at \(path) is not the one expected") }
        }
    }

    /// Adds `value` at `path`: the whole document, an object member, or an array element.
    mutating func add(_ value: JSONValue, at path: JSONPointer) throws(JSONPatchFailure) {
        guard let last = path.tokens.last else { self = value; return }
        let parent = path.prefix(path.tokens.count - 1)
        try modify(parent.tokens[...], pointer: parent) { (container: inout JSONValue) throws(JSONPatchFailure) in
            switch container {
            case var .object(object):
                container = .null
                object[last] = value
                container = .object(object)
            case var .array(array):
                let index: Int
                if last == "-" {
                    index = array.count
                } else {
                    guard let i = JSONPointer.arrayIndex(last) else {
                        throw .invalid("\"\(last)\" is not an array index (nor '-', to append)")
                    }
                    guard i <= array.count else {
                        throw .invalid("index \(i) is past the end of \(parent), an array of \(array.count) elements")
                    }
                    index = i
                }
                container = .null
                array.insert(value, at: index)
                container = .array(array)
            default:
                throw .invalid(
                    "cannot add to \(parent.tokens.isEmpty ? "the document" : "\(parent)"), \(container.kind)")
            }
        }
    }

    /// Removes the value at `path` and returns it.
    mutating func remove(at path: JSONPointer) throws(JSONPatchFailure) -> JSONValue {
        guard let last = path.tokens.last else { throw .invalid("cannot remove the whole document") }
        let parent = path.prefix(path.tokens.count - 1)
        return try modify(parent.tokens[...], pointer: path) {
            (container: inout JSONValue) throws(JSONPatchFailure) -> JSONValue in
            switch container {
            case var .object(object):
                container = .null
                defer { container = .object(object) }
                guard let removed = object.removeValue(forKey: last) else { throw .missing(path) }
                return removed
            case var .array(array):
                guard let i = JSONPointer.arrayIndex(last), i < array.count else { throw .missing(path) }
                container = .null
                defer { container = .array(array) }
                return array.remove(at: i)
            default:
                throw .missing(path)
            }
        }
    }

    /// Runs `body` on the value `tokens` lead to, in place; a missing step is `pointer` missing.
    ///
    /// Each container on the way is moved out of `self` while its child changes, so the change
    /// copies nothing but the path to it, however large the document.
    mutating func modify<R>(
        _ tokens: ArraySlice<String>, pointer: JSONPointer, _ body: (inout JSONValue) throws(JSONPatchFailure) -> R
    ) throws(JSONPatchFailure) -> R {
        guard let token = tokens.first else { return try body(&self) }
        switch self {
        case var .object(object):
            guard let i = object.members.firstIndex(where: { $0.key == token }) else { throw .missing(pointer) }
            self = .null
            defer { self = .object(object) }
            return try object.members[i].value.modify(tokens.dropFirst(), pointer: pointer, body)
        case var .array(array):
            guard let i = JSONPointer.arrayIndex(token), i < array.count else { throw .missing(pointer) }
            self = .null
            defer { self = .array(array) }
            return try array[i].modify(tokens.dropFirst(), pointer: pointer, body)
        default:
            throw .missing(pointer)
        }
    }
}
