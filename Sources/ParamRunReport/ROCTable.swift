import Foundation
import ParamRunMetrics

/// `roc.csv` in an evaluation folder: one row per threshold, its signal and background
/// efficiencies. The one writer and reader of the file.
package enum ROCTable {
    static let header = "threshold,signal_efficiency,background_efficiency"

    /// The file's text for `roc`.
    package static func csv(_ roc: ROCCurve) -> String {
        var csv = header + "\n"
        for i in roc.thresholds.indices {
            csv += "\(roc.thresholds[i]),\(roc.signalEfficiency[i]),\(roc.backgroundEfficiency[i])\n"
        }
        return csv
    }

    /// The signal and background efficiencies in the file's order.
    /// - Throws: ``ResultsFileError`` naming the file and the line that does not parse.
    package static func read(_ url: URL) throws -> (signal: [Double], background: [Double]) {
        var signal: [Double] = [], background: [Double] = []
        for row in try ResultsCSV.rows(of: url, header: header).rows {
            let numbers = try ResultsCSV.numbers(row.fields, count: 3, in: url, line: row.line)
            signal.append(numbers[1])
            background.append(numbers[2])
        }
        return (signal, background)
    }
}
