import Foundation

/// paramrun's one JSON configuration, for every file it writes and reads.
///
/// Keys are sorted and slashes unescaped, so equal values give equal bytes (what makes a stage's
/// configuration a sound cache key); dates are ISO 8601 with milliseconds; non-finite numbers
/// are the strings "inf", "-inf" and "nan" rather than an encoding failure.
package enum JSONCoding {
    /// An encoder: compact for hashing and one-line records, pretty for files people read.
    package static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Dates.string(from: date))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A decoder that reads what ``encoder(pretty:)`` writes, and dates with or without fractions.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601Dates.date(from: text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
            }
            return date
        }
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `value` as canonical JSON text: compact, sorted keys, so equal values give equal text.
    package static func canonical<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    /// Encodes `value` (pretty) and writes it to `url` atomically.
    package static func write<T: Encodable>(_ value: T, to url: URL, pretty: Bool = true) throws {
        try AtomicFile.write(try encoder(pretty: pretty).encode(value), to: url)
    }

    /// Reads and decodes `url`.
    package static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try decoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// ISO 8601 timestamps with milliseconds, read with or without them.
package enum ISO8601Dates {
    package static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    package static func date(from text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
