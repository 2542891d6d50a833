/// A branch's or file's compression setting, decoded from ROOT's `fCompress` (algorithm × 100 + level).
public struct ROOTCompression: Equatable, Sendable, CustomStringConvertible {
    /// The algorithm families ROOT knows.
    public enum Algorithm: String, Sendable {
        case none = "None"
        case zlib = "ZLIB"
        case lzma = "LZMA"
        case oldROOT = "OldROOT"
        case lz4 = "LZ4"
        case zstd = "ZSTD"
        case unknown = "Unknown"
    }

    /// The compression algorithm, from `fCompress / 100`.
    public let algorithm: Algorithm
    /// The compression level, from `fCompress % 100` (0: stored uncompressed).
    public let level: Int
    /// The raw `fCompress` value.
    public let setting: Int

    init(setting: Int) {
        self.setting = setting
        let level = setting % 100
        self.level = level
        if setting < 0 || level == 0 {
            algorithm = .none
            return
        }
        switch setting / 100 {
        case 0, 1: algorithm = .zlib // 0 meant "the global default", which is ZLIB
        case 2: algorithm = .lzma
        case 3: algorithm = .oldROOT
        case 4: algorithm = .lz4
        case 5: algorithm = .zstd
        default: algorithm = .unknown
        }
    }

    /// Like uproot and `rootls`: `ZLIB(4)`, or `None`.
    public var description: String {
        algorithm == .none ? "None" : "\(algorithm.rawValue)(\(level))"
    }
}
