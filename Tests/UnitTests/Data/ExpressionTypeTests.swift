@testable import ParamRunData
import Testing

@Suite struct ExpressionTypeTests {
    @Test(arguments: [
        ("MET_pt[0]", 7, "'MET_pt' has one value per event"),
        ("Jet_pt[Muon_pt > 10]", 8, "a mask must come from the same collection"),
        ("Jet_pt[Jet_eta]", 8, "a mask must be a list of conditions"),
        ("Jet_pt[pass]", 8, "an index must be a number"),
        ("Jet_ptt[0]", 1, "no column 'Jet_ptt'; did you mean 'Jet_pt'?"),
        ("abss(MET_pt)", 1, "no function 'abss'; did you mean 'abs'?"),
        ("abs + 1", 1, "'abs' is a function"),
        ("abs(1, 2)", 1, "abs takes one argument, found 2 arguments"),
        ("atan2(1)", 1, "atan2 takes two arguments"),
        ("min(1, 2, 3)", 1, "min takes one list, or two numbers"),
        ("sum(MET_pt)", 5, "sum reduces a list, found a number"),
        ("any(Jet_pt)", 5, "any takes a list of conditions"),
        ("mean(Jet_tight)", 6, "mean takes a list of numbers"),
        ("Jet_pt + Muon_pt", 10, "from collection nMuon but the other side is from collection nJet"),
        ("sum(Jet_pt[Jet_pt > 30] * Jet_eta)", 27, "element-wise operations need lists of one collection"),
        ("MET_pt > 10 && MET_pt", 16, "'&&' takes conditions, found a number"),
        ("!MET_pt", 2, "'!' takes a condition"),
        ("-pass", 2, "'-' takes a number"),
        ("pass + 1", 1, "'+' takes numbers, found a condition"),
        ("pass == 1", 6, "'==' compares a condition with a number"),
        ("MET_pt ?? 0", 8, "'??' gives a default"),
        ("sum(Jet_pt) ?? 0", 13, "'??' gives a default"),
        ("Jet_pt[0] ?? Jet_eta", 14, "the default after '??' must be one value per event"),
        ("Jet_pt * 2", 1, "this is a list per event (collection nJet)"),
        ("sqrt(pass)", 6, "sqrt takes a number")
    ])
    func reportsTypeErrorsAtTheirColumn(text: String, column: Int, words: String) throws {
        let error = try #require(ExpressionFixtures.failure(text), "\(text) should not compile")
        #expect(error.column == column, "\(text): \(error)")
        #expect(error.message.contains(words), "\(text): \(error.message)")
    }

    @Test func aSelectionMustBeAConditionAndAWeightANumber() throws {
        let selection = try #require(ExpressionFixtures.failure("  MET_pt + 1", role: .selection))
        #expect(selection.column == 3 && selection.message.contains("a selection must be a condition"))
        #expect(ExpressionFixtures.failure("MET_pt > 1 && pass", role: .selection) == nil)
        let weight = try #require(ExpressionFixtures.failure("pass", role: .weight))
        #expect(weight.message.contains("a weight must be a number"))
        #expect(ExpressionFixtures.failure("pass", role: .value) == nil)
    }

    @Test func namesTheColumnsItReads() throws {
        let compiled = try CompiledExpression(
            "sum(Jet_pt[abs(Jet_eta) < 2.4]) + MET_pt * (Jet_pt[0] ?? MET_pt)", columns: ExpressionFixtures.columns())
        #expect(compiled.columnNames == ["Jet_pt", "Jet_eta", "MET_pt"])
        #expect(compiled.type == .number)
    }

    @Test func masksAlikeMakeOneCollection() throws {
        let columns = ExpressionFixtures.columns()
        let same = try CompiledExpression("sum(Jet_pt[Jet_pt > 30] * Jet_eta[Jet_pt > 30])", columns: columns)
        #expect(same.type == .number)
        #expect(ExpressionFixtures.failure("sum(Jet_pt[Jet_pt > 30] * Jet_eta[Jet_pt > 31])") != nil)
    }
}
