import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes an ``EventTable`` as a HEPMASS-format CSV: `# label,<features…>,mass`, one event per line.
///
/// A path ending in `.gz` is gzip-compressed. ``NumberFormat/shortest`` writes each value's
/// shortest round-trip text, so reading the file back gives bit-identical Float32 values;
/// ``NumberFormat/fixed(decimals:)`` mimics the UCI files (`%.6f`).
package enum HEPMASSWriter {
    /// How numbers are written.
    package enum NumberFormat: Hashable, Sendable {
        /// The shortest text that reads back as the same Float32.
        case shortest
        /// A fixed number of decimals, like `printf("%.6f")`.
        case fixed(decimals: Int)
    }

    /// Writes `table` to `url`.
    package static func write(_ table: EventTable, to url: URL, format: NumberFormat = .shortest) throws {
        let width = table.featureCount
        try TextSink.writeLines(
            to: url.path, header: "# label," + table.featureNames.joined(separator: ",") + ",mass",
            rows: table.count
        ) { r, buffer in
            append(table.labels[r], format, to: &buffer)
            for c in 0..<width {
                buffer.append(UInt8(ascii: ","))
                append(table.features[r * width + c], format, to: &buffer)
            }
            buffer.append(UInt8(ascii: ","))
            append(table.theta[r], format, to: &buffer)
        }
    }

    static let powers: [Double] = (0...15).map { pow(10, Double($0)) }

    @inline(__always)
    static func append(_ value: Float, _ format: NumberFormat, to buffer: inout [UInt8]) {
        switch format {
        case .shortest:
            if value == 0 {
                buffer.append(contentsOf: value.sign == .minus ? [45, 48, 46, 48] : [48, 46, 48])
            } else {
                buffer.append(contentsOf: value.description.utf8)
            }
        case .fixed(let decimals):
            let k = max(0, min(decimals, 15))
            let scaled = (Double(value) * powers[k]).rounded()
            guard abs(scaled) < 9e18 else {
                buffer.append(contentsOf: String(format: "%.\(k)f", Double(value)).utf8)
                return
            }
            var n = Int64(scaled)
            if n < 0 { buffer.append(UInt8(ascii: "-")); n = -n }
            let unit = Int64(powers[k])
            appendDigits(n / unit, minimum: 1, to: &buffer)
            if k > 0 {
                buffer.append(UInt8(ascii: "."))
                appendDigits(n % unit, minimum: k, to: &buffer)
            }
        }
    }

    @inline(__always)
    static func appendDigits(_ value: Int64, minimum: Int, to buffer: inout [UInt8]) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(48 + v % 10)
                v /= 10
                count += 1
            } while v > 0 || count < minimum
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }
}
