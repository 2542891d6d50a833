import Foundation

/// The patterns pyhf's patchset schema (`defs.json#/definitions/patchset`) puts on a patchset's
/// metadata and names.
extension Patchset {
    /// `digests`: `md5` and/or `sha256`, each a hex digest, and nothing else.
    static func digests(_ json: JSONValue, at path: String, reader: JSONSchemaReader) throws(StatsError) -> JSONObject {
        let digests = try reader.object(json, at: path)
        try reader.checkKeys(digests, at: path, allowed: ["md5", "sha256"])
        guard digests.count > 0 else { throw reader.failure(at: path, "expected at least one digest (md5, sha256)") }
        for member in digests.members {
            let text = try reader.string(member.value, at: path + "." + member.key)
            let length = member.key == "md5" ? 32 : 64
            let lowercaseOnly = member.key == "md5"
            guard text.utf8.count == length, text.utf8.allSatisfy({ isHex($0, lowercaseOnly: lowercaseOnly) }) else {
                throw reader.failure(
                    at: path + "." + member.key, "\"\(text)\" is not a \(member.key) digest (\(length) hex digits)")
            }
        }
        return digests
    }

    /// `references`: `{"hepdata": "ins" and seven digits}`.
    static func references(_ json: JSONValue, at path: String, reader: JSONSchemaReader) throws(StatsError)
        -> JSONObject
    {
        let references = try reader.object(json, at: path)
        try reader.checkKeys(references, at: path, allowed: ["hepdata"])
        guard let hepdata = references["hepdata"] else {
            throw reader.failure(at: path, "missing required key \"hepdata\"")
        }
        let record = try reader.string(hepdata, at: path + ".hepdata")
        let digits = record.utf8.dropFirst(3)
        guard record.hasPrefix("ins"), digits.count == 7, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw reader.failure(at: path + ".hepdata", "\"\(record)\" is not a HEPData record (\"ins\" and 7 digits)")
        }
        return references
    }

    /// A label or patch name: letters, digits and `_`, at least one.
    static func identifier(_ json: JSONValue, at path: String, reader: JSONSchemaReader) throws(StatsError) -> String {
        let text = try reader.string(json, at: path)
        let allowed = text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F
        }
        guard !text.isEmpty, allowed else {
            throw reader.failure(at: path, "\"\(text)\" may hold only letters, digits and '_'")
        }
        return text
    }

    static func isHex(_ byte: UInt8, lowercaseOnly: Bool) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
            || (!lowercaseOnly && byte >= 0x41 && byte <= 0x46)
    }
}
