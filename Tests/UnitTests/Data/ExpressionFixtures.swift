@testable import ParamRunData

/// Four hand-made events in NanoAOD's shape, small enough to work every expected value out by hand:
///
/// | event | MET_pt | pass | Jet_pt (eta, btag, tight) | Muon_pt |
/// |---|---|---|---|---|
/// | 0 | 10 | 1 | 50 (0.5, 0.9, 1), 20 (-3.0, 0.1, 0) | 12 |
/// | 1 | 20 | 0 | — | 7, 30 |
/// | 2 | 30 | 1 | 35 (1.0, 0.85, 1), 60 (-2.0, 0.3, 1), 15 (2.5, 0.95, 0) | — |
/// | 3 | 40 | 1 | 25 (0.1, 0.2, 1) | — |
enum ExpressionFixtures {
    static let jetOffsets = [0, 2, 2, 5, 6]
    static let muonOffsets = [0, 1, 3, 3, 3]

    static func jets(_ values: [Double]) -> EventColumn {
        .jagged(JaggedColumn(offsets: jetOffsets, values: values))
    }

    static func columns() -> MemoryColumns {
        let jet = ColumnKind(collection: "nJet")
        return MemoryColumns(
            eventCount: 4,
            [
                ("MET_pt", .number, .scalar([10, 20, 30, 40])),
                ("pass", .flag, .scalar([1, 0, 1, 1])),
                ("Jet_pt", jet, jets([50, 20, 35, 60, 15, 25])),
                ("Jet_eta", jet, jets([0.5, -3.0, 1.0, -2.0, 2.5, 0.1])),
                ("Jet_btag", jet, jets([0.9, 0.1, 0.85, 0.3, 0.95, 0.2])),
                ("Jet_tight", ColumnKind(collection: "nJet", isBoolean: true), jets([1, 0, 1, 1, 0, 1])),
                (
                    "Muon_pt", ColumnKind(collection: "nMuon"),
                    .jagged(JaggedColumn(offsets: muonOffsets, values: [12, 7, 30]))
                )
            ])
    }

    /// The values of `text` over ``columns()``.
    static func evaluate(_ text: String, role: CompiledExpression.Role = .value) throws -> [Double] {
        let columns = columns()
        return try ExpressionEvaluator(columns: columns).evaluate(
            CompiledExpression(text, columns: columns, role: role))
    }

    /// The error compiling `text` over ``columns()``, or nil when it compiles.
    static func failure(_ text: String, role: CompiledExpression.Role = .value) -> ExpressionError? {
        do {
            _ = try CompiledExpression(text, columns: columns(), role: role)
            return nil
        } catch {
            return error
        }
    }

    /// Equal value for value, NaN matching NaN.
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}
