import Foundation

/// Memory sizes as specs write them (`16G`, `512M`) and as messages print them (`40.0 GB`).
package enum ByteSize {
    /// This machine's physical memory.
    package static var physicalMemory: Double { Double(ProcessInfo.processInfo.physicalMemory) }

    /// Parses `16G`, `512M`, `1T`, `1048576` (bytes); nil when malformed. Units are powers of 1024.
    package static func parse(_ text: String) -> Double? {
        let units: [Character: Double] = [
            "K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024
        ]
        var digits = text.uppercased()
        var factor = 1.0
        if digits.hasSuffix("B") { digits.removeLast() }
        if let last = digits.last, let unit = units[last] {
            factor = unit
            digits.removeLast()
        }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        return value * factor
    }

    /// `812 bytes`, `3.2 MB`, `40.0 GB`: decimal units, one decimal.
    package static func describe(_ bytes: Double) -> String {
        switch bytes {
        case ..<1e4: return "\(Int(bytes)) bytes"
        case ..<1e6: return String(format: "%.1f kB", bytes / 1e3)
        case ..<1e9: return String(format: "%.1f MB", bytes / 1e6)
        case ..<1e12: return String(format: "%.1f GB", bytes / 1e9)
        default: return String(format: "%.3g TB", bytes / 1e12)
        }
    }
}
