import Foundation
@testable import ParamRunData
@testable import ParamRunSpec
import ParamRunTestSupport
import Testing

@Suite struct SourceOptionsTests {
    func convert(_ yaml: String) throws -> (SourceValue?, [SourceValue.Path: YAMLNode], NodeReader) {
        let node = try YAMLParser.parse(yaml, file: "o.yaml")
        let reader = NodeReader()
        var nodes: [SourceValue.Path: YAMLNode] = [:]
        let value = SourceOptionsReader(reader: reader).value(node, at: [], nodes: &nodes)
        return (value, nodes, reader)
    }

    @Test func yamlBecomesAValueWithEveryNodeRemembered() throws {
        let (value, nodes, reader) = try convert(
            """
            b: {700: "f.root:t", 500: [x, "2"]}
            n: 1e3
            flag: true
            name: .inf
            """)
        #expect(reader.diagnostics.isEmpty)
        #expect(
            value
                == .map([
                    .init(
                        "b",
                        .map([.init("700", .string("f.root:t")), .init("500", .list([.string("x"), .string("2")]))])),
                    .init("n", .number(1000)), .init("flag", .bool(true)), .init("name", .string(".inf"))
                ]))
        #expect(nodes[["b", "500", "1"]]?.location == SourceLocation(file: "o.yaml", line: 1, column: 31))
        #expect(nodes[["n"]]?.location.line == 2)
    }

    @Test func aMissingValueOrDuplicateKeyIsReportedWhereItIs() throws {
        let (value, _, reader) = try convert("a: {x: 1, x: 2}\nb:\n")
        #expect(value == nil)
        #expect(reader.diagnostics.map(\.location.line) == [1, 2])
    }

    @Test func aSpecCarriesOptionsAndItsFolder() throws {
        let folder = Binary.fixtures.appendingPathComponent("root/xttbar").path
        let text = """
            name: r
            datasets:
              d: {source: {root: {signal: {500: "signal.root:signal/mx500"}, background: "background.root", branches: [f1]}}, masses: [500]}
            models:
              m: {type: parameterized, train_data: d, hidden: [4], epochs: 1}
            evaluate: {data: d, masses: [500], models: [m]}
            """
        let spec = try SpecLoader.load(text: text, file: "\(folder)/spec.yaml")
        let source = spec.source(of: spec.datasets[0])
        #expect(source.name == "root" && source.path == nil)
        #expect(source.baseDirectory == folder)
        #expect(source.options?["branches"] == .list([.string("f1")]))
        #expect(try source.open().featureNames == ["f1"])
    }
}
