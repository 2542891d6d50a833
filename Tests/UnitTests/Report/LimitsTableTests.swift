import Foundation
import ParamRunReport
import Testing

/// `limits.csv` with and without observed figures: without them the file is the expected table it
/// always was; with them two columns follow, empty for a row that has none.
@Suite struct LimitsTableTests {
    static let expected = LimitsTable.Row(
        model: "p", mass: 1000, zAsimov: 2.5, muUp: 0.75, muUpMinus2: 0.4, muUpMinus1: 0.55, muUpPlus1: 1.05,
        muUpPlus2: 1.4)

    @Test func withoutObservedFiguresTheTableHasItsEightColumns() throws {
        let csv = LimitsTable.csv([Self.expected])
        #expect(csv == LimitsTable.header + "\np,1000,2.5,0.75,0.4,0.55,1.05,1.4\n")
        #expect(try LimitsTable.parse(csv) == [Self.expected])
    }

    @Test func observedFiguresAddTwoColumnsThatRoundTrip() throws {
        var observed = Self.expected
        observed.model = "q"
        observed.muUpObserved = 0.9
        observed.zObserved = 1.25
        let csv = LimitsTable.csv([observed, Self.expected])
        #expect(
            csv == LimitsTable.observedHeader + "\np,1000,2.5,0.75,0.4,0.55,1.05,1.4,,\n"
                + "q,1000,2.5,0.75,0.4,0.55,1.05,1.4,0.9,1.25\n")
        #expect(try LimitsTable.parse(csv) == [Self.expected, observed])
    }

    @Test func aRowWithTooFewFieldsOrABadFigureIsNamedByItsLine() {
        for row in ["p,1000,2.5,0.75,0.4,0.55,1.05,1.4", "p,1000,2.5,0.75,0.4,0.55,1.05,1.4,x,1"] {
            let error = #expect(throws: LimitsTableError.self) {
                try LimitsTable.parse(LimitsTable.observedHeader + "\n" + row + "\n")
            }
            #expect(error?.message.hasPrefix("line 2 does not hold a model and seven numbers and two") == true)
        }
    }
}
