@testable import ParamRunSpec
import Testing

@Suite struct YAMLParserTests {
    func parse(_ text: String) throws -> YAMLNode { try YAMLParser.parse(text, file: "t.yaml") }

    func mapping(_ node: YAMLNode) -> [(String, YAMLNode)] {
        guard case .mapping(let pairs) = node.content else { return [] }
        return pairs.map { ($0.key.scalar ?? "", $0.value) }
    }

    func value(_ node: YAMLNode, _ key: String) -> YAMLNode? {
        mapping(node).first { $0.0 == key }?.1
    }

    @Test func keepsLineAndColumnOfEveryNode() throws {
        let root = try parse("a: 1\nb:\n  c: [x, y]\n")
        #expect(root.location == ParamRunSpec.SourceLocation(file: "t.yaml", line: 1, column: 1))
        let b = try #require(value(root, "b"))
        let c = try #require(value(b, "c"))
        #expect(c.location.line == 3 && c.location.column == 6)
        guard case .sequence(let items) = c.content else { Issue.record("not a list"); return }
        #expect(items[1].location == ParamRunSpec.SourceLocation(file: "t.yaml", line: 3, column: 10))
    }

    @Test func distinguishesQuotedFromPlainScalars() throws {
        let root = try parse("a: 1000\nb: \"1000\"\n")
        #expect(value(root, "a")?.isPlainScalar == true)
        #expect(value(root, "b")?.isPlainScalar == false)
    }

    @Test func resolvesAliasesToTheAnchoredNode() throws {
        let root = try parse("base: &b [1, 2]\ncopy: *b\n")
        guard case .sequence(let items) = try #require(value(root, "copy")).content else {
            Issue.record("not a list"); return
        }
        #expect(items.map(\.scalar) == ["1", "2"])
        // Elements keep the place they were written, so errors inside point at the anchor.
        #expect(items[0].location.line == 1)
    }

    @Test func mergeKeysGiveExplicitKeysPrecedence() throws {
        let root = try parse(
            """
            net: &net {hidden: [8], epochs: 3}
            model: {<<: *net, epochs: 5}
            """)
        let model = try #require(value(root, "model"))
        #expect(mapping(model).map(\.0) == ["epochs", "hidden"])
        #expect(value(model, "epochs")?.scalar == "5")
    }

    @Test func mergeKeyListsGiveEarlierMappingsPrecedence() throws {
        let root = try parse(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            m: {<<: [*a, *b]}
            """)
        let m = try #require(value(root, "m"))
        #expect(value(m, "x")?.scalar == "1")
        #expect(value(m, "y")?.scalar == "1")
        #expect(value(m, "z")?.scalar == "2")
    }

    @Test func keepsTags() throws {
        let root = try parse("held_out: !each [500, 1000]\n")
        #expect(value(root, "held_out")?.tag == "!each")
    }

    @Test func undefinedAliasIsAnErrorAtTheAlias() throws {
        let error = try #require(throws: SpecError.self) { try parse("a: 1\nb: *nope\n") }
        #expect(
            error.diagnostics.map(\.description) == ["t.yaml:2:4: error: alias '*nope' refers to an undefined anchor"])
    }

    @Test func syntaxErrorsCarryLibyamlsPosition() throws {
        let error = try #require(throws: SpecError.self) { try parse("a: [1, 2\nb: 3\n") }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.message.hasPrefix("YAML syntax: "))
    }

    @Test func emptyInputIsAnError() throws {
        let error = try #require(throws: SpecError.self) { try parse("") }
        #expect(error.diagnostics.first?.message == "the spec is empty")
    }

    @Test func renderedDiagnosticsShowTheLineAndACaret() {
        let diagnostic = Diagnostic(ParamRunSpec.SourceLocation(file: "f.yaml", line: 2, column: 5), "bad")
        #expect(diagnostic.rendered(source: "a: 1\nb:  2\n") == "f.yaml:2:5: error: bad\nb:  2\n    ^")
    }
}
