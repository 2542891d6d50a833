import ROOTIO

extension InspectCommand {
    /// One block per RNTuple: its entries and clusters, then one aligned line per field.
    static func ntupleListing(of file: ROOTFile) throws -> String {
        var out = ""
        for ntuple in try file.rntuples() {
            let clusters = "\(ntuple.clusterCount) cluster\(ntuple.clusterCount == 1 ? "" : "s")"
            out += "\(ntuple.path)\tRNTuple\t\(ntuple.entries) entries\t\(ntuple.fields.count) fields\t\(clusters)\n"
            let rows = ntuple.fields.map { f in [f.name, f.typeName, note(f)] }
            let widths = (0..<2).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                var line = "  "
                for c in 0..<2 { line += row[c].padding(toLength: widths[c] + 2, withPad: " ", startingAt: 0) }
                line += row[2]
                while line.last == " " { line.removeLast() }
                out += line + "\n"
            }
        }
        return out
    }

    /// One line per entry of an RNTuple field: a value, or a list entry's values in brackets.
    static func dump(field: String, of ntuple: RNTuple) throws -> String {
        var out = ""
        if ntuple.fields.first(where: { $0.name == field })?.isJagged == true {
            let column = try ntuple.readJagged(field: field)
            for i in 0..<column.entries { out += column.formattedEntry(at: i) + "\n" }
        } else {
            let column = try ntuple.read(field: field)
            for i in 0..<column.count { out += column.formattedValue(at: i) + "\n" }
        }
        return out
    }

    /// Nothing for a field of one value per entry; the collection for a list; else why it cannot be read.
    private static func note(_ f: RNTupleFieldInfo) -> String {
        if let reason = f.unsupportedReason { return "unsupported: \(reason)" }
        if let collection = f.collection {
            return "jagged (collection \(collection)): a per-entry column needs an expression"
        }
        return ""
    }
}
