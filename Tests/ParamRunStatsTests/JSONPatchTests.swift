import Foundation
import Testing
@testable import ParamRunStats

/// RFC 6902's appendix A, example by example, then the errors a patch's author sees.
@Suite struct JSONPatchTests {
    func json(_ text: String) throws(StatsError) -> JSONValue { try JSONParser.parse(text, file: "doc.json") }

    func apply(_ patch: String, to document: String) throws(StatsError) -> JSONValue {
        try JSONPatch(json: json(patch), file: "patch.json").applied(to: json(document))
    }

    /// The error a patch gives, as `path: reason`.
    func failure(_ patch: String, to document: String) throws -> String {
        do {
            _ = try apply(patch, to: document)
            return "no error"
        } catch let StatsError.invalidJSON(file, path, reason) {
            #expect(file == "patch.json")
            return "\(path): \(reason)"
        }
    }

    @Test func appendixAExamplesApply() throws {
        let examples: [(document: String, patch: String, result: String)] = [
            // A.1 adding an object member
            (#"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux"}]"#, #"{"baz": "qux", "foo": "bar"}"#),
            // A.2 adding an array element
            (
                #"{"foo": ["bar", "baz"]}"#, #"[{"op": "add", "path": "/foo/1", "value": "qux"}]"#,
                #"{"foo": ["bar", "qux", "baz"]}"#
            ),
            // A.3 removing an object member
            (#"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "remove", "path": "/baz"}]"#, #"{"foo": "bar"}"#),
            // A.4 removing an array element
            (#"{"foo": ["bar", "qux", "baz"]}"#, #"[{"op": "remove", "path": "/foo/1"}]"#, #"{"foo": ["bar", "baz"]}"#),
            // A.5 replacing a value
            (
                #"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "replace", "path": "/baz", "value": "boo"}]"#,
                #"{"baz": "boo", "foo": "bar"}"#
            ),
            // A.6 moving a value
            (
                #"{"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}"#,
                #"[{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]"#,
                #"{"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}"#
            ),
            // A.7 moving an array element
            (
                #"{"foo": ["all", "grass", "cows", "eat"]}"#, #"[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]"#,
                #"{"foo": ["all", "cows", "eat", "grass"]}"#
            ),
            // A.8 testing a value: success
            (
                #"{"baz": "qux", "foo": ["a", 2, "c"]}"#,
                #"[{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}]"#,
                #"{"baz": "qux", "foo": ["a", 2, "c"]}"#
            ),
            // A.10 adding a nested member object
            (
                #"{"foo": "bar"}"#, #"[{"op": "add", "path": "/child", "value": {"grandchild": {}}}]"#,
                #"{"foo": "bar", "child": {"grandchild": {}}}"#
            ),
            // A.11 ignoring unrecognized elements
            (
                #"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}]"#,
                #"{"foo": "bar", "baz": "qux"}"#
            ),
            // A.14 ~ escape ordering
            (#"{"/": 9, "~1": 10}"#, #"[{"op": "test", "path": "/~01", "value": 10}]"#, #"{"/": 9, "~1": 10}"#),
            // A.16 adding an array value
            (
                #"{"foo": ["bar"]}"#, #"[{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]"#,
                #"{"foo": ["bar", ["abc", "def"]]}"#
            ),
            // copy, and add at the root, which replaces the document
            (#"{"a": [1]}"#, #"[{"op": "copy", "from": "/a", "path": "/b"}]"#, #"{"a": [1], "b": [1]}"#),
            (#"{"a": 1}"#, #"[{"op": "add", "path": "", "value": [2]}]"#, "[2]")
        ]
        for example in examples {
            #expect(try apply(example.patch, to: example.document) == json(example.result), "\(example.patch)")
        }
    }

    @Test func appendixAFailuresAreErrors() throws {
        // A.9 testing a value: error
        #expect(
            try failure(#"[{"op": "test", "path": "/baz", "value": "bar"}]"#, to: #"{"baz": "qux"}"#)
                == "[0] test /baz: test failed: the value at /baz is not the one expected")
        // A.12 adding to a nonexistent target
        #expect(
            try failure(#"[{"op": "add", "path": "/baz/bat", "value": "qux"}]"#, to: #"{"foo": "bar"}"#)
                == "[0] add /baz/bat: no such path /baz (the object has no key \"baz\")")
        // A.13 an invalid patch document: a duplicate "op" is malformed JSON here
        #expect(
            throws: StatsError.malformedJSON(
                file: "doc.json", line: 1, column: 44, reason: "duplicate key \"op\" in an object")
        ) {
            try json(#"[{"op": "add", "path": "/baz", "value": 1, "op": "remove"}]"#)
        }
        // A.15 comparing strings and numbers
        #expect(
            try failure(#"[{"op": "test", "path": "/~01", "value": "10"}]"#, to: #"{"/": 9, "~1": 10}"#)
                == "[0] test /~01: test failed: the value at /~01 is not the one expected")
    }

    @Test func errorsNameTheOperationAndTheMissingPath() throws {
        let document = #"{"channels": [{"samples": []}, {"samples": []}, {"samples": []}]}"#
        let patch = """
            [{"op": "test", "path": "/channels/0/samples", "value": []},
             {"op": "add", "path": "/channels/0/samples/-", "value": 1},
             {"op": "remove", "path": "/channels/2/samples/0"},
             {"op": "add", "path": "/channels/5/samples/-", "value": 1}]
            """
        let fourth = patch.replacingOccurrences(of: #"{"op": "remove", "path": "/channels/2/samples/0"},"#, with: "")
        #expect(
            try failure(fourth, to: document)
                == "[2] add /channels/5/samples/-: no such path /channels/5 (the array has 3 elements)")
        #expect(
            try failure(patch, to: document)
                == "[2] remove /channels/2/samples/0: no such path /channels/2/samples/0 (the array has 0 elements)")
        #expect(
            try failure(#"[{"op": "add", "path": "/channels/9", "value": 1}]"#, to: document)
                == "[0] add /channels/9: index 9 is past the end of /channels, an array of 3 elements")
        #expect(
            try failure(#"[{"op": "add", "path": "/channels/x", "value": 1}]"#, to: document)
                == "[0] add /channels/x: \"x\" is not an array index (nor '-', to append)")
        #expect(
            try failure(#"[{"op": "move", "from": "/channels", "path": "/channels/0/x"}]"#, to: document)
                == "[0] move /channels/0/x: cannot move /channels into one of its own children")
        #expect(
            try failure(#"[{"op": "move", "from": "/nothing", "path": "/nothing"}]"#, to: document)
                == "[0] move /nothing: no such path /nothing (the object has no key \"nothing\")")
        #expect(
            try failure(#"[{"op": "remove", "path": ""}]"#, to: document)
                == "[0] remove \"\": cannot remove the whole document")
        #expect(
            try failure(#"[{"op": "replace", "path": "/channels/0/samples/3", "value": 1}]"#, to: document)
                == "[0] replace /channels/0/samples/3: no such path /channels/0/samples/3 (the array has 0 elements)")
        #expect(
            try failure(
                #"[{"op": "add", "path": "/channels/0/samples/0/x", "value": 1}]"#,
                to: #"{"channels": [{"samples": [7]}]}"#)
                == "[0] add /channels/0/samples/0/x: cannot add to /channels/0/samples/0, a number")
    }

    @Test func malformedOperationsAreRefusedWithTheirPath() throws {
        func error(_ text: String) throws -> StatsError? {
            do { _ = try JSONPatch(json: json(text), file: "p.json"); return nil } catch { return error }
        }
        #expect(
            try error(#"{"op": "add"}"#)
                == .invalidJSON(file: "p.json", path: "", reason: "expected an array, found an object"))
        #expect(
            try error(#"[{"op": "add", "path": "/a"}]"#)
                == .invalidJSON(file: "p.json", path: "[0]", reason: "missing required key \"value\""))
        #expect(
            try error(#"[{"op": "frobnicate", "path": "/a"}]"#)
                == .invalidJSON(
                    file: "p.json", path: "[0].op",
                    reason: "unknown operation \"frobnicate\" (add, remove, replace, move, copy, test)"))
        #expect(
            try error(#"[{"op": "remove", "path": "a"}]"#)
                == .invalidJSON(file: "p.json", path: "[0].path", reason: "\"a\" is not a JSON Pointer (RFC 6901)"))
        #expect(
            try error(#"[{"op": "copy", "path": "/a", "from": 3}]"#)
                == .invalidJSON(file: "p.json", path: "[0].from", reason: "expected a string, found a number"))
    }

    @Test func pointersEscapeAndResolve() throws {
        let pointer = try #require(JSONPointer("/a~1b/m~0n/0"))
        #expect(pointer.tokens == ["a/b", "m~n", "0"])
        #expect(pointer.description == "/a~1b/m~0n/0")
        #expect(JSONPointer("/a~2") == nil)
        #expect(JSONPointer("a") == nil)
        #expect(JSONPointer("")?.tokens == [])
        let document = try json(#"{"a/b": {"m~n": [5]}, "": {"": 1}, "list": [1, 2]}"#)
        #expect(document[pointer] == .number(5))
        #expect(document[try #require(JSONPointer("/"))] == .object(JSONObject(["": .number(1)])))
        #expect(document[try #require(JSONPointer("/list/01"))] == nil)
        #expect(document[try #require(JSONPointer("/list/-"))] == nil)
    }

    @Test func aFailedPatchLeavesTheDocumentAsItWas() throws {
        var document = try json(#"{"a": [1, 2]}"#)
        let before = document
        let patch = try JSONPatch(
            json: json(#"[{"op": "add", "path": "/a/-", "value": 3}, {"op": "remove", "path": "/b"}]"#), file: "p.json")
        #expect(throws: StatsError.self) { try patch.apply(to: &document) }
        #expect(document == before)
    }
}
