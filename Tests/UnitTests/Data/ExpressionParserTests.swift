@testable import ParamRunData
import Testing

@Suite struct ExpressionParserTests {
    func shape(_ node: ExpressionNode) -> String {
        switch node.kind {
        case .number(let x): return x == x.rounded() ? String(Int(x)) : String(x)
        case .name(let n): return n
        case .prefix(let op, let a): return "(\(op)\(shape(a)))"
        case .infix(let op, let a, let b): return "(\(shape(a)) \(op) \(shape(b)))"
        case .call(let f, let args): return "\(f)(\(args.map(shape).joined(separator: ", ")))"
        case .subscripted(let a, let i): return "\(shape(a))[\(shape(i))]"
        case .coalesce(let a, let d): return "(\(shape(a)) ?? \(shape(d)))"
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("2 - 3 - 4", "((2 - 3) - 4)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("-a * b", "((-a) * b)"),
        ("-2.5e1", "-25"),
        ("a || b && c", "(a || (b && c))"),
        ("a < b && c >= d", "((a < b) && (c >= d))"),
        ("!a || b", "((!a) || b)"),
        ("x[0] ?? 1 + 2", "(x[0] ?? (1 + 2))"),
        ("x[0] ?? -1 > 30", "((x[0] ?? -1) > 30)"),
        ("Jet_pt[abs(Jet_eta) < 2.4][0]", "Jet_pt[(abs(Jet_eta) < 2.4)][0]"),
        ("atan2(a, b) + pow(.5, 2)", "(atan2(a, b) + pow(0.5, 2))"),
        ("f()", "f()"),
        ("a == b != c", "")
    ])
    func parsesByPrecedence(text: String, expected: String) throws {
        if expected.isEmpty {
            #expect(throws: ExpressionError.self) { try ExpressionParser.parse(text) }
        } else {
            #expect(shape(try ExpressionParser.parse(text)) == expected)
        }
    }

    @Test(arguments: [
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("1 +", 4, "expected a number, a name or '(', found the end"),
        ("a $ b", 3, "unexpected character '$'"),
        ("a & b", 3, "&&"),
        ("a | b", 3, "||"),
        ("a = b", 3, "=="),
        ("(a + b", 7, "')' to close the one at column 1"),
        ("f(a, b", 7, "')' to close the one at column 2"),
        ("x[0", 4, "']' to close the one at column 2"),
        ("a < b < c", 7, "comparisons do not chain"),
        ("x[0] ?? 1 ?? 2", 11, "one default"),
        ("2x", 2, "cannot run into a name"),
        ("f(1,)", 5, "found ')'"),
        ("a b", 3, "expected an operator or the end of the expression, found 'b'"),
        ("a )", 3, "found ')'"),
        ("* a", 1, "found '*'")
    ])
    func reportsSyntaxErrorsAtTheirColumn(text: String, column: Int, words: String) {
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(text) }
        do {
            _ = try ExpressionParser.parse(text)
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.column == column, "\(text): \(error)")
            #expect(error.message.contains(words), "\(text): \(error.message)")
        }
    }

    @Test func showsTheExpressionWithACaretUnderTheColumn() throws {
        let error = try #require(ExpressionFixtures.failure("MET_pt + Jet_ptt"))
        #expect(error.description == "column 10: \(error.message)\n  MET_pt + Jet_ptt\n           ^")
        #expect(error.message.contains("did you mean 'Jet_pt'?"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(ExpressionFixtures.failure("\"é\" + é"))
        #expect(error.column == 1)
        let later = try #require(ExpressionFixtures.failure("1 + é"))
        #expect(later.column == 5 && later.message.contains("'é'"))
    }

    @Test func refusesNestingDeeperThanTheLimitWithoutExhaustingTheStack() throws {
        let depth = 100_000
        let chain = Array(repeating: "1", count: depth).joined(separator: " + ")
        for text in [String(repeating: "(", count: depth) + "1", String(repeating: "-", count: depth) + "x", chain] {
            #expect(throws: ExpressionError.self) { try ExpressionParser.parse(text) }
        }
        let deep = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        #expect(try ExpressionParser.parse(deep).kind == .number(1))
        do {
            _ = try ExpressionParser.parse(String(repeating: "(", count: 300) + "1")
        } catch {
            #expect(error.message.contains("nests deeper than 200 levels") && error.column == 201)
        }
    }
}
