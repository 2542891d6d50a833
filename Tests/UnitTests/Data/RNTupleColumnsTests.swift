import Foundation
@testable import ParamRunData
import ParamRunTestSupport
import ROOTIO
import Testing

/// An RNTuple's fields as expression columns, on one uproot wrote (Fixtures/root/rntuple/make_rntuples.py).
@Suite struct RNTupleColumnsTests {
    static let file = Binary.fixtures.appendingPathComponent("root/rntuple/gen-zstd.root").path

    @Test func recordMembersShareTheirCollection() throws {
        let columns = RNTupleColumns(ntuple: try ROOTFile(path: Self.file).rntuple(at: "events"))
        #expect(try columns.kind(of: "MET") == .number)
        #expect(try columns.kind(of: "pass") == .flag)
        #expect(try columns.kind(of: "Jet.pt") == ColumnKind(collection: "Jet"))
        #expect(try columns.kind(of: "Jet.eta") == ColumnKind(collection: "Jet"))
        #expect(try columns.kind(of: "w") == ColumnKind(collection: "w"))
        #expect(try columns.kind(of: "nope") == nil)
        #expect(columns.eventCount == 300)
    }

    @Test func evaluatesOverTheFieldsAsRead() throws {
        let ntuple = try ROOTFile(path: Self.file).rntuple(at: "events")
        let columns = RNTupleColumns(ntuple: ntuple)
        let compiled = try CompiledExpression("sum(Jet.pt[abs(Jet.eta) < 2]) + MET * small", columns: columns)
        let values = try ExpressionEvaluator(columns: columns).evaluate(compiled)
        let pt = try ntuple.readJagged(field: "Jet.pt"), eta = try ntuple.readJagged(field: "Jet.eta")
        let met = try ntuple.readAsDouble(field: "MET"), small = try ntuple.readAsDouble(field: "small")
        let (ptValues, etaValues) = (pt.valuesAsDouble, eta.valuesAsDouble)
        var expected: [Double] = []
        for e in 0..<ntuple.entries {
            var sum = 0.0
            for k in pt.range(at: e) where abs(etaValues[k]) < 2 { sum += ptValues[k] }
            expected.append(sum + met[e] * small[e])
        }
        #expect(values == expected && values.count == 300)
    }
}
