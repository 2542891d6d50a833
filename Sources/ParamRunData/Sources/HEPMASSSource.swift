import Foundation
import ParamRunSupport

/// A HEPMASS-format `.csv` or `.csv.gz` file (``HEPMASSReader``), kept as an `.npy` copy in the
/// request's cache folder so that the next load skips the parsing.
public struct HEPMASSSource: EventSource {
    /// Named `hepmass` in a spec.
    public static let name = "hepmass"
    /// Takes one file.
    public static let argument = EventSourceArgument.file
    /// The argument, as error messages name it.
    public static let argumentDescription = "HEPMASS file"

    /// The HEPMASS CSV (or `.csv.gz`) file.
    public let path: String

    /// The source reading the file at `path`.
    public init(path: String?) {
        self.path = path ?? ""
    }

    /// The 27 HEPMASS features, f0…f26.
    public var featureNames: [String] { HEPMASSReader.featureNames }
    /// HEPMASS background rows carry a mass of their own.
    public var storesBackgroundTheta: Bool { true }

    /// The one file, whatever the masses.
    public func filesToFingerprint(masses: [Double]) -> [String] { [path] }

    /// Reads the file (through its `.npy` copy when the request allows) and keeps the requested masses.
    ///
    /// - Throws: ``DataError`` when the file cannot be read or holds a bad row.
    public func events(for request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        let url = URL(fileURLWithPath: path)
        let table: EventTable
        if request.useCache {
            let cache =
                request.cacheDirectory.map { NPYCache(directory: URL(fileURLWithPath: $0, isDirectory: true)) }
                ?? .default
            table = try cache.load(url, options: request.hepmass).table
        } else {
            table = try HEPMASSReader.read(url, options: request.hepmass)
        }
        return try parts(table, request: request)
    }

    /// Splits the table by label, keeps the requested masses and snaps θ onto them.
    func parts(_ table: EventTable, request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        func snap(_ theta: Float) -> Float? {
            if request.masses.isEmpty {
                let r = theta.rounded()
                return abs(theta - r) < 0.01 ? r : theta
            }
            for m in request.masses where Mass.same(Double(theta), m) { return Float(m) }
            return nil
        }
        var signalRows = [Int](), backgroundRows = [Int]()
        var snapped = table.theta
        let keepAllBackground = request.backgroundTheta != .asStored
        for i in 0..<table.count {
            let s = snap(table.theta[i])
            if let s { snapped[i] = s }
            if table.labels[i] == 1 {
                if s != nil { signalRows.append(i) }
            } else if s != nil || keepAllBackground {
                backgroundRows.append(i)
            }
        }
        var snappedTable = table
        snappedTable.theta = snapped
        if signalRows.isEmpty {
            throw DataError(.invalidRequest("no signal events at masses \(request.masses)"), path: path)
        }
        return (
            Subsample.perMass(snappedTable.rows(signalRows), request.signalPerMass, seed: request.seed),
            Subsample.count(snappedTable.rows(backgroundRows), request.background, seed: request.seed)
        )
    }
}

extension SourceReference {
    /// A HEPMASS-format file at an absolute path.
    public static func hepmass(path: String) -> SourceReference {
        SourceReference(name: HEPMASSSource.name, path: path)
    }
}
