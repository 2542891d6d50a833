import Foundation
import ParamRunSupport

/// One row per model and mass: the expected significance and the expected 95% CLs limit on the
/// signal strength with its bands, as `limits.csv` holds them.
package enum LimitsTable {
    package static let fileName = "limits.csv"
    package static let header = "model,mass,z_asimov,mu_up,mu_up_minus2,mu_up_minus1,mu_up_plus1,mu_up_plus2"

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
    package static func csv(_ rows: [Row]) -> String {
        var csv = header + "\n"
        for r in rows.sorted(by: { ($0.model, $0.mass) < ($1.model, $1.mass) }) {
            let numbers = [r.zAsimov, r.muUp, r.muUpMinus2, r.muUpMinus1, r.muUpPlus1, r.muUpPlus2]
            csv += "\(r.model),\(formatNumber(r.mass)),"
            csv += numbers.map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n"
        }
        return csv
    }

    /// Reads what ``csv(_:)`` wrote. - Throws: a message naming the line that does not parse.
    package static func parse(_ text: String) throws -> [Row] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == header else {
            throw LimitsTableError(message: "the first line is not '\(header)'")
        }
        return try lines.dropFirst().enumerated().map { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let numbers = fields.dropFirst().compactMap(Double.init)
            guard fields.count == 8, numbers.count == 7 else {
                throw LimitsTableError(
                    message:
                        "line \(index + 2) does not hold a model and seven numbers: '\(Excerpt.value(String(line)))'")
            }
            return Row(
                model: fields[0], mass: numbers[0], zAsimov: numbers[1], muUp: numbers[2], muUpMinus2: numbers[3],
                muUpMinus1: numbers[4], muUpPlus1: numbers[5], muUpPlus2: numbers[6])
        }
    }
}
