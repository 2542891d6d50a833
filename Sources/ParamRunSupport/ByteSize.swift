import Foundation

/// Memory sizes as specs write them (`16G`, `512M`) and as messages print them (`40.0 GB`).
package enum ByteSize {
    /// The memory this process may use: the machine's physical memory, or less where the
    /// process runs under an address-space limit (`ulimit -v`, a batch job's) or a cgroup's
    /// `memory.max` (a container's), so a stage that cannot fit is refused before it starts.
    package static var physicalMemory: Double {
        var limit = Double(ProcessInfo.processInfo.physicalMemory)
        var rlim = rlimit()
        if getrlimit(RLIMIT_AS_VALUE, &rlim) == 0, rlim.rlim_cur != rlim_t.max {
            limit = min(limit, Double(rlim.rlim_cur))
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
            let bytes = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            limit = min(limit, bytes)
        }
        return limit
    }

    #if canImport(Glibc)
        private static let RLIMIT_AS_VALUE = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
        private static let RLIMIT_AS_VALUE = RLIMIT_AS
    #endif

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
