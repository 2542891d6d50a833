import Foundation
import ParamRunSupport

/// `response.csv` in an evaluation folder, for a one-feature network: its output over the
/// feature's range at one θ (`feature,theta,output`). The one writer and reader of the file.
package enum ResponseTable {
    /// One point of the curve.
    package struct Row: Equatable, Sendable {
        package var x: Double
        package var output: Float

        package init(x: Double, output: Float) {
            (self.x, self.output) = (x, output)
        }
    }

    /// The file's text: the header names the feature; θ is written as the spec writes masses.
    package static func csv(feature: String, theta: Double, rows: [Row]) -> String {
        var csv = "\(feature),theta,output\n"
        for row in rows { csv += "\(row.x),\(formatNumber(theta)),\(row.output)\n" }
        return csv
    }

    /// The feature's name (nil for an empty file, which an evaluation without events writes)
    /// and the curve's points as (x, output).
    /// - Throws: ``ResultsFileError`` naming the file and the line that does not parse.
    package static func read(_ url: URL) throws -> (feature: String?, x: [Double], output: [Double]) {
        let (header, rows) = try ResultsCSV.rows(of: url, header: nil)
        var x: [Double] = [], output: [Double] = []
        for row in rows {
            let numbers = try ResultsCSV.numbers(row.fields, count: 3, in: url, line: row.line)
            x.append(numbers[0])
            output.append(numbers[2])
        }
        let feature = header.map { String($0.split(separator: ",").first ?? "") }
        return (feature, x, output)
    }
}
