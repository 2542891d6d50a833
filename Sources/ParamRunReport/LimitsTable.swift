import Foundation
import ParamRunSupport

/// One row per model and mass: the expected significance and the expected 95% CLs limit on the
/// signal strength with its bands, as `limits.csv` holds them; with observed data, also the
/// observed limit and the observed Z (from q₀), in two more columns.
///
/// A table without observed figures is written exactly as before the observed columns existed:
/// the two columns are absent, not empty, so a search without data keeps its bytes.
package enum LimitsTable {
    package static let fileName = "limits.csv"
    package static let header = "model,mass,z_asimov,mu_up,mu_up_minus2,mu_up_minus1,mu_up_plus1,mu_up_plus2"
    /// The header of a table with observed figures.
    package static let observedHeader = header + ",mu_up_observed,z_observed"

    /// One (model, mass) result; also what a histogram stage writes as `figures.json`.
    package struct Row: Codable, Sendable, Equatable {
        package var model: String
        package var mass: Double
        package var zAsimov: Double
        package var muUp: Double
        package var muUpMinus2: Double
        package var muUpMinus1: Double
        package var muUpPlus1: Double
        package var muUpPlus2: Double
        /// The observed 95% CLs limit; nil without observed data (and then absent from the JSON).
        package var muUpObserved: Double?
        /// The observed significance √q₀; nil without observed data.
        package var zObserved: Double?

        package init(
            model: String, mass: Double, zAsimov: Double, muUp: Double, muUpMinus2: Double, muUpMinus1: Double,
            muUpPlus1: Double, muUpPlus2: Double
        ) {
            self.model = model
            self.mass = mass
            self.zAsimov = zAsimov
            self.muUp = muUp
            self.muUpMinus2 = muUpMinus2
            self.muUpMinus1 = muUpMinus1
            self.muUpPlus1 = muUpPlus1
            self.muUpPlus2 = muUpPlus2
        }
    }

    /// Rows sorted by model, then mass; figures with ten significant digits, so a 2% comparison
    /// never meets rounding.
    /// The observed columns appear when any row has observed figures; a row without them leaves
    /// them empty.
    package static func csv(_ rows: [Row]) -> String {
        let observed = rows.contains { $0.muUpObserved != nil || $0.zObserved != nil }
        var csv = (observed ? observedHeader : header) + "\n"
        func number(_ x: Double?) -> String { x.map { String(format: "%.10g", $0) } ?? "" }
        for r in rows.sorted(by: { ($0.model, $0.mass) < ($1.model, $1.mass) }) {
            var numbers: [Double?] = [r.zAsimov, r.muUp, r.muUpMinus2, r.muUpMinus1, r.muUpPlus1, r.muUpPlus2]
            if observed { numbers += [r.muUpObserved, r.zObserved] }
            csv += "\(r.model),\(formatNumber(r.mass)),"
            csv += numbers.map(number).joined(separator: ",") + "\n"
        }
        return csv
    }

    /// Reads what ``csv(_:)`` wrote. - Throws: a message naming the line that does not parse.
    package static func parse(_ text: String) throws -> [Row] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let first = lines.first.map(String.init)
        guard first == header || first == observedHeader else {
            throw LimitsTableError(message: "the first line is not '\(header)' or '\(observedHeader)'")
        }
        let observed = first == observedHeader
        return try lines.dropFirst().enumerated().map { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let numbers = fields.dropFirst().prefix(7).compactMap(Double.init)
            let extra = fields.dropFirst(8).map { $0.isEmpty ? Double?.none : Double($0) }
            guard fields.count == (observed ? 10 : 8), numbers.count == 7,
                zip(extra, fields.dropFirst(8)).allSatisfy({ $0 != nil || $1.isEmpty })
            else {
                let what = observed ? "seven numbers and two observed figures (or empty fields)" : "seven numbers"
                throw LimitsTableError(
                    message: "line \(index + 2) does not hold a model and \(what): '\(Excerpt.value(String(line)))'")
            }
            var row = Row(
                model: fields[0], mass: numbers[0], zAsimov: numbers[1], muUp: numbers[2], muUpMinus2: numbers[3],
                muUpMinus1: numbers[4], muUpPlus1: numbers[5], muUpPlus2: numbers[6])
            if observed { (row.muUpObserved, row.zObserved) = (extra[0], extra[1]) }
            return row
        }
    }
}
