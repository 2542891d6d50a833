import Foundation

/// The header of a HEPMASS-format file: which field of a row goes where.
extension HEPMASSReader {
    /// Where each field of a row goes.
    struct Layout: Sendable {
        static let ignore: Int32 = -3, label: Int32 = -1, mass: Int32 = -2
        /// Per field: feature index, or one of the constants above.
        var destinations: [Int32]
        var names: [String]
        /// The table's feature columns: f0…f26 for HEPMASS headers, else the header's own names.
        var featureNames: [String]
        var fixedMass: Float?
        var allowExtra: Bool

        static func parse(_ block: Block, path: String, url: URL, options: Options) throws -> (Layout, Int) {
            let bytes = block.bytes
            guard let newline = bytes[block.start...].firstIndex(of: 0x0A) ?? (bytes.isEmpty ? nil : bytes.count) else {
                throw DataError(.emptyFile, path: path)
            }
            var text = String(decoding: bytes[block.start..<newline], as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            guard text.hasPrefix("#") else {
                throw DataError(
                    .badHeader("expected '# label,f0,…,f26,mass', found '\(text.prefix(60))'"), path: path, row: 1)
            }
            text.removeFirst()
            let names = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // A header naming any of f0…f26 is a HEPMASS header and must name them all; any
            // other header (e.g. the toy's `# label,x,mass`) keeps its own feature columns.
            let hepmass = names.contains { HEPMASSReader.featureNames.contains($0) }
            var tableFeatures = hepmass ? HEPMASSReader.featureNames : []
            var destinations = [Int32]()
            var seen = Set<String>()
            for (i, name) in names.enumerated() {
                if !name.isEmpty, !seen.insert(name).inserted {
                    throw DataError(
                        .badHeader("column '\(name)' appears twice"), path: path, row: 1, column: i + 1,
                        columnName: name)
                }
                if name == "label" {
                    destinations.append(label)
                } else if name == "mass" {
                    destinations.append(mass)
                } else if hepmass, let k = HEPMASSReader.featureNames.firstIndex(of: name) {
                    destinations.append(Int32(k))
                } else if i == names.count - 1 && name.isEmpty {
                    destinations.append(ignore) // a trailing comma in the header
                } else if !hepmass && !name.isEmpty {
                    destinations.append(Int32(tableFeatures.count))
                    tableFeatures.append(name)
                } else {
                    throw DataError(
                        .badHeader("unknown column '\(name)'"), path: path, row: 1, column: i + 1, columnName: name)
                }
            }
            let missing = (["label"] + (hepmass ? HEPMASSReader.featureNames : [])).filter { !seen.contains($0) }
            guard !tableFeatures.isEmpty else {
                throw DataError(.badHeader("no feature columns"), path: path, row: 1)
            }
            guard missing.isEmpty else {
                throw DataError(.badHeader("missing columns \(missing.joined(separator: ","))"), path: path, row: 1)
            }
            var fixedMass: Float? = nil
            if !seen.contains("mass") {
                if let m = options.massForMissingColumn {
                    fixedMass = Float(m)
                } else {
                    let digits = url.lastPathComponent.prefix(while: { $0.isNumber })
                    guard let m = Float(digits) else {
                        throw DataError(
                            .badHeader("no mass column and no mass in the file name; set massForMissingColumn"),
                            path: path, row: 1)
                    }
                    fixedMass = m
                }
            }
            let allowExtra = options.allowExtraTrailingColumn ?? url.lastPathComponent.lowercased().contains("test")
            let layout = Layout(
                destinations: destinations, names: names, featureNames: tableFeatures,
                fixedMass: fixedMass, allowExtra: allowExtra)
            return (layout, min(newline + 1, bytes.count))
        }
    }
}
