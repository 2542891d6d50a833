import Foundation
import ParamRunSupport

/// Reads the paper's own 1D sample: reconstructed m_WWbb for X → tt̄ signal and tt̄ background.
///
/// The directory holds `ttbar_mx_<M>.dat` files, three space-separated columns
/// `mwwbb mx label` (see `data/mwwbb/SOURCE.md`). Every file repeats the same background
/// events, so the background is taken once, from the lowest-mass file read, after checking that
/// every other file carries the identical background.
package enum MWWBBReader {
    /// The single feature.
    package static let featureNames = ["mwwbb"]

    /// Signal events (θ = m_X of their file) and the background, whose θ is left 0.
    package struct Sample: Equatable, Sendable {
        package var signal: EventTable
        package var background: EventTable
        /// The m_X values read, ascending.
        package var masses: [Double]
    }

    /// The m_X values of the files in `directory`, ascending.
    package static func availableMasses(in directory: URL) throws -> [Double] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw DataError(.cannotOpen("\(error.localizedDescription)"), path: directory.path)
        }
        return names.compactMap { name -> Double? in
            guard name.hasPrefix("ttbar_mx_"), name.hasSuffix(".dat") else { return nil }
            return Double(name.dropFirst("ttbar_mx_".count).dropLast(".dat".count))
        }.sorted()
    }

    /// The file for one mass.
    package static func fileURL(in directory: URL, mass: Double) -> URL {
        directory.appendingPathComponent("ttbar_mx_\(formatNumber(mass)).dat")
    }

    /// Reads the files for `masses` (all available when nil).
    package static func read(directory: URL, masses: [Double]? = nil) throws -> Sample {
        let available = try availableMasses(in: directory)
        let wanted = masses ?? available
        guard !wanted.isEmpty else {
            throw DataError(.invalidRequest("no ttbar_mx_<M>.dat files"), path: directory.path)
        }
        var signal = EventTable(featureNames: featureNames)
        var background: EventTable? = nil
        var backgroundSource = ""
        for mass in wanted.sorted() {
            guard available.contains(mass) else {
                throw DataError(
                    .invalidRequest("no file for m_X = \(mass); available: \(available.map { Int($0) })"),
                    path: directory.path)
            }
            let url = fileURL(in: directory, mass: mass)
            let (sig, bkg) = try readFile(url, mass: mass)
            signal.append(sig)
            if let first = background {
                guard first == bkg else {
                    throw DataError(
                        .invalidRequest("background differs from the one in \(backgroundSource)"), path: url.path)
                }
            } else {
                background = bkg
                backgroundSource = url.lastPathComponent
            }
        }
        return Sample(signal: signal, background: background!, masses: wanted.sorted())
    }

    /// Reads one file, checking every field.
    static func readFile(_ url: URL, mass: Double) throws -> (signal: EventTable, background: EventTable) {
        let path = url.path
        let data: [UInt8]
        do {
            data = Array(try Data(contentsOf: url))
        } catch {
            throw DataError(.cannotOpen(error.localizedDescription), path: path)
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw DataError(.emptyFile, path: path)
        }
        var signal = EventTable(featureNames: featureNames)
        var background = EventTable(featureNames: featureNames)
        let names = ["mwwbb", "mx", "label"]
        try data.withUnsafeBufferPointer { buffer in
            let start = buffer.baseAddress!, end = start + buffer.count
            var p = start
            var line = 0
            while p < end {
                line += 1
                var lineEnd = p
                while lineEnd < end && lineEnd.pointee != 0x0A { lineEnd += 1 }
                var values = [Float]()
                var q = p
                var column = 0
                while true {
                    while q < lineEnd && (q.pointee == 0x20 || q.pointee == 0x09 || q.pointee == 0x0D) { q += 1 }
                    if q == lineEnd { break }
                    column += 1
                    let fieldStart = q
                    var fieldEnd = q
                    while fieldEnd < lineEnd && fieldEnd.pointee != 0x20 && fieldEnd.pointee != 0x09
                        && fieldEnd.pointee != 0x0D
                    {
                        fieldEnd += 1
                    }
                    let text = Excerpt.value(
                        String(
                            decoding: UnsafeBufferPointer(start: fieldStart, count: fieldEnd - fieldStart),
                            as: UTF8.self))
                    let name = column <= 3 ? names[column - 1] : nil
                    guard let (value, next) = DecimalParser.parse(fieldStart, fieldEnd), next == fieldEnd else {
                        let kind: DataError.Kind =
                            Float(text).map { !$0.isFinite } == true ? .notFinite(text) : .badNumber(text)
                        throw DataError(kind, path: path, row: line, column: column, columnName: name)
                    }
                    guard value.isFinite else {
                        throw DataError(.notFinite(text), path: path, row: line, column: column, columnName: name)
                    }
                    values.append(value)
                    q = fieldEnd
                }
                p = lineEnd < end ? lineEnd + 1 : end
                if values.isEmpty { continue }
                guard values.count == 3 else {
                    throw DataError(.wrongColumnCount(expected: 3, found: values.count), path: path, row: line)
                }
                guard abs(Double(values[1]) - mass) < 0.5 else {
                    throw DataError(
                        .invalidRequest("mx \(values[1]) does not match the file's m_X \(mass)"),
                        path: path, row: line, column: 2, columnName: "mx")
                }
                switch values[2] {
                case 1:
                    signal.features.append(values[0]); signal.labels.append(1); signal.theta.append(Float(mass))
                case 0:
                    background.features.append(values[0]); background.labels.append(0); background.theta.append(0)
                default:
                    throw DataError(
                        .invalidRequest("label must be 0 or 1, found \(values[2])"),
                        path: path, row: line, column: 3, columnName: "label")
                }
            }
        }
        if signal.count + background.count == 0 { throw DataError(.emptyFile, path: path) }
        return (signal, background)
    }
}
