import Foundation
@testable import ParamRunData
import ParamRunSupport
import Testing

/// Every construct over ``ExpressionFixtures``' four events; each expected value is worked out by
/// hand from the table there (event 1 has no jets, events 2 and 3 no muons).
@Suite struct ExpressionEvaluatorTests {
    let nan = Double.nan

    func check(_ text: String, _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let values = try ExpressionFixtures.evaluate(text)
        #expect(ExpressionFixtures.same(values, expected), "\(text): \(values)", sourceLocation: sourceLocation)
    }

    @Test func arithmeticAndPrecedenceOnScalars() throws {
        try check("MET_pt * 2 + 1", [21, 41, 61, 81])
        try check("(MET_pt + 10) / 10 - 1", [1, 2, 3, 4])
        try check("-MET_pt", [-10, -20, -30, -40])
        try check("1 + 2 * 3", [7, 7, 7, 7])
        try check("MET_pt / 0", [.infinity, .infinity, .infinity, .infinity])
    }

    @Test func comparisonsAndLogic() throws {
        try check("MET_pt > 15", [0, 1, 1, 1])
        try check("MET_pt >= 20", [0, 1, 1, 1])
        try check("MET_pt < 20", [1, 0, 0, 0])
        try check("MET_pt <= 20", [1, 1, 0, 0])
        try check("MET_pt == 30", [0, 0, 1, 0])
        try check("MET_pt != 30", [1, 1, 0, 1])
        try check("MET_pt > 15 && pass", [0, 0, 1, 1])
        try check("!pass || MET_pt == 10", [1, 1, 0, 0])
        try check("pass == (MET_pt > 25)", [0, 1, 1, 1])
    }

    @Test func everyFunction() throws {
        let met: [Double] = [10, 20, 30, 40]
        let functions: [(String, (Double) -> Double)] = [
            ("abs", { Swift.abs($0) }), ("sqrt", { $0.squareRoot() }), ("exp", { Foundation.exp($0) }),
            ("log", { Foundation.log($0) }), ("sin", { Foundation.sin($0) }), ("cos", { Foundation.cos($0) }),
            ("tan", { Foundation.tan($0) }), ("sinh", { Foundation.sinh($0) }), ("cosh", { Foundation.cosh($0) }),
            ("tanh", { Foundation.tanh($0) })
        ]
        for (name, f) in functions {
            try check("\(name)(MET_pt / -100)", met.map { f($0 / -100) })
        }
        try check("atan2(MET_pt, -10)", met.map { Foundation.atan2($0, -10) })
        try check("pow(MET_pt, 0.5)", met.map { Foundation.pow($0, 0.5) })
        try check("min(MET_pt, 25)", [10, 20, 25, 25])
        try check("max(25, MET_pt)", [25, 25, 30, 40])
        try check("sqrt(-MET_pt) > 0", [0, 0, 0, 0])
    }

    @Test func elementsWithAndWithoutDefaults() throws {
        try check("Jet_pt[0]", [50, nan, 35, 25])
        try check("Jet_pt[1] ?? -1", [20, -1, 60, -1])
        try check("Jet_pt[2] ?? MET_pt", [10, 20, 15, 40])
        try check("Jet_pt[len(Muon_pt)]", [20, nan, 35, 25])
        try check("Jet_pt[0.5] ?? 7", [7, 7, 7, 7])
        try check("Jet_pt[-1] ?? 7", [7, 7, 7, 7])
        try check("Jet_pt[0] > 30", [1, 0, 1, 0])
        try check("!(Jet_pt[0] > 30)", [0, 1, 0, 1])
        try check("min(Jet_pt[0], 40)", [40, nan, 35, 25])
        try check("Jet_tight[1] ?? 0", [0, 0, 1, 0])
    }

    @Test func masksKeepTheElementsWhoseConditionHolds() throws {
        try check("sum(Jet_pt[abs(Jet_eta) < 2.4])", [50, 0, 95, 25])
        try check("len(Jet_pt[abs(Jet_eta) < 2.4 && Jet_tight])", [1, 0, 2, 1])
        try check("Jet_pt[abs(Jet_eta) < 2.4][1] ?? 0", [0, 0, 60, 0])
        try check("Jet_pt[Jet_pt > 100][0] ?? -1", [-1, -1, -1, -1])
        try check("sum(Jet_pt[Jet_pt > 30] * Jet_eta[Jet_pt > 30])", [25, 0, 35 * 1.0 + 60 * -2.0, 0])
        try check("max(Jet_eta[Jet_btag > 0.8]) ?? -9", [0.5, -9, 2.5, -9])
    }

    @Test func elementWiseArithmeticAndBroadcast() throws {
        try check("sum(Jet_pt * MET_pt)", [(50 + 20) * 10, 0, (35 + 60 + 15) * 30, 25 * 40])
        try check(
            "sum(Jet_pt - Jet_eta)", [(50 - 0.5) + (20 - -3.0), 0, (35 - 1.0) + (60 - -2.0) + (15 - 2.5), 25 - 0.1])
        try check("sum(2 * Jet_pt + 1)", [2 * 50 + 1 + (2 * 20 + 1), 0, 71 + 121 + 31, 51])
        try check("max(abs(Jet_eta)) ?? 0", [3, 0, 2.5, 0.1])
        try check(
            "sum(atan2(Jet_eta, 1))",
            [
                Foundation.atan2(0.5, 1) + Foundation.atan2(-3.0, 1), 0,
                Foundation.atan2(1.0, 1) + Foundation.atan2(-2.0, 1) + Foundation.atan2(2.5, 1),
                Foundation.atan2(0.1, 1)
            ])
    }

    @Test func everyReductionIncludingEmptyEvents() throws {
        try check("sum(Jet_pt)", [70, 0, 110, 25])
        try check("mean(Jet_pt)", [35, nan, 110.0 / 3, 25])
        try check("mean(Jet_pt) ?? 0", [35, 0, 110.0 / 3, 25])
        try check("min(Jet_pt)", [20, nan, 15, 25])
        try check("min(Jet_pt) ?? -5", [20, -5, 15, 25])
        try check("max(Jet_pt)", [50, nan, 60, 25])
        try check("max(Jet_pt) ?? MET_pt", [50, 20, 60, 25])
        try check("count(Jet_btag > 0.8)", [1, 0, 2, 0])
        try check("count(Jet_pt)", [2, 0, 3, 1])
        try check("len(Jet_pt)", [2, 0, 3, 1])
        try check("len(Muon_pt)", [1, 2, 0, 0])
        try check("any(Jet_pt > 40)", [1, 0, 1, 0])
        try check("all(Jet_pt > 20)", [0, 1, 0, 1])
        try check("any(Jet_tight)", [1, 0, 1, 1])
    }

    @Test func nanInAListPropagatesThroughItsReductions() throws {
        let columns = MemoryColumns(
            eventCount: 2,
            [("x", ColumnKind(collection: "n"), .jagged(JaggedColumn(offsets: [0, 2, 3], values: [1, .nan, 4])))])
        let evaluator = ExpressionEvaluator(columns: columns)
        func values(_ text: String) throws -> [Double] {
            try evaluator.evaluate(CompiledExpression(text, columns: columns))
        }
        #expect(ExpressionFixtures.same(try values("sum(x)"), [nan, 4]))
        #expect(ExpressionFixtures.same(try values("min(x)"), [nan, 4]))
        #expect(ExpressionFixtures.same(try values("max(x)"), [nan, 4]))
        #expect(ExpressionFixtures.same(try values("count(x > 0)"), [1, 1]))
        #expect(ExpressionFixtures.same(try values("x[1] ?? 0"), [nan, 0]))
    }

    @Test func aSelectionKeepsTheEventsWhereItHolds() throws {
        let columns = ExpressionFixtures.columns()
        let evaluator = ExpressionEvaluator(columns: columns)
        let kept = try evaluator.selected(
            CompiledExpression("count(Jet_pt > 20) >= 1 && MET_pt < 40", columns: columns, role: .selection))
        #expect(kept == [0, 2])
    }

    @Test func listsOfOneCollectionThatDisagreeAreAnError() throws {
        let columns = MemoryColumns(
            eventCount: 2,
            [
                ("a", ColumnKind(collection: "n"), .jagged(JaggedColumn(offsets: [0, 1, 2], values: [1, 2]))),
                ("b", ColumnKind(collection: "n"), .jagged(JaggedColumn(offsets: [0, 2, 2], values: [1, 2])))
            ])
        let compiled = try CompiledExpression("sum(a + b)", columns: columns)
        #expect(throws: ExpressionError.self) { try ExpressionEvaluator(columns: columns).evaluate(compiled) }
        do {
            _ = try ExpressionEvaluator(columns: columns).evaluate(compiled)
        } catch {
            #expect(error.kind == .evaluation && error.message.contains("different lengths at event 0"))
        }
    }

    @Test func offsetsFromAFileAreValidated() {
        #expect(throws: ExpressionError.self) { try JaggedColumn(validating: [0, 2, 1], values: [1]) }
        #expect(throws: ExpressionError.self) { try JaggedColumn(validating: [1, 2], values: [1]) }
        #expect(throws: ExpressionError.self) { try JaggedColumn(validating: [Int32](), values: []) }
        #expect((try? JaggedColumn(validating: [Int32(0), 0, 2], values: [1, 2]))?.eventCount == 2)
    }
}

/// Evaluation in stretches of events on several threads against a plain loop over each event.
@Suite struct ExpressionStretchTests {
    /// 5000 seeded events of 0 to 6 jets: more than two stretches.
    static func columns() -> (MemoryColumns, offsets: [Int], pt: [Double], eta: [Double]) {
        var random = SeededGenerator(seed: 7)
        var offsets = [0]
        for _ in 0..<5000 { offsets.append(offsets[offsets.count - 1] + Int(random.next() % 7)) }
        let pt = (0..<offsets[5000]).map { _ in random.nextUniform(in: 20, 200) }
        let eta = (0..<offsets[5000]).map { _ in random.nextUniform(in: -4, 4) }
        let kind = ColumnKind(collection: "nJet")
        let columns = MemoryColumns(
            eventCount: 5000,
            [
                ("Jet_pt", kind, .jagged(JaggedColumn(offsets: offsets, values: pt))),
                ("Jet_eta", kind, .jagged(JaggedColumn(offsets: offsets, values: eta)))
            ])
        return (columns, offsets, pt, eta)
    }

    @Test func stretchesAndThreadsGiveTheValuesOfAPlainLoop() throws {
        let (columns, offsets, pt, eta) = Self.columns()
        let text = "sum(Jet_pt[abs(Jet_eta) < 2.4]) + (Jet_pt[abs(Jet_eta) < 2.4][1] ?? -1)"
        let compiled = try CompiledExpression(text, columns: columns)
        var expected: [Double] = []
        for e in 0..<5000 {
            let central = (offsets[e]..<offsets[e + 1]).filter { Swift.abs(eta[$0]) < 2.4 }.map { pt[$0] }
            var sum = 0.0
            for x in central { sum += x }
            expected.append(sum + (central.count > 1 ? central[1] : -1))
        }
        for threads in [1, 2, 3] {
            let values = try ExpressionEvaluator(columns: columns, threads: threads).evaluate(compiled)
            #expect(values == expected, "threads \(threads)")
        }
    }
}
