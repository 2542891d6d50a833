import Foundation
import ParamRunSupport

/// A folder of the paper's own m_WWbb `.dat` files (``MWWBBReader``), e.g. `data/mwwbb`.
public struct MWWBBSource: EventSource {
    /// Named `mwwbb` in a spec.
    public static let name = "mwwbb"
    /// Takes one folder.
    public static let argument = EventSourceArgument.folder
    /// The argument, as error messages name it.
    public static let argumentDescription = "m_WWbb folder"

    /// The masses the paper's sample holds (there is no 750 GeV file).
    public static let paperMasses: [Double] = [400, 500, 600, 700, 800, 1000, 1100, 1200, 1300, 1500]

    /// The folder of m_WWbb `.dat` files.
    public let folder: URL

    /// The source reading the folder at `path`.
    public init(path: String?) {
        folder = URL(fileURLWithPath: path ?? ".", isDirectory: true)
    }

    /// The one feature, m_WWbb.
    public var featureNames: [String] { ["mwwbb"] }
    /// The paper's axis: the reconstructed WWbb mass, in GeV.
    public static var featureLabels: [String: String] { ["mwwbb": "m_WWbb [GeV]"] }

    /// The masses that have no signal file in the folder.
    public func problems(masses: [Double]) -> [(index: Int, message: String)] {
        masses.enumerated().compactMap { index, mass in
            let file = MWWBBReader.fileURL(in: folder, mass: mass)
            guard !FileManager.default.fileExists(atPath: file.path) else { return nil }
            let known = Self.paperMasses.map(formatNumber).joined(separator: ", ")
            return (
                index,
                "the m_WWbb sample has no \(formatNumber(mass)) GeV file (\(file.lastPathComponent)); it holds \(known)"
            )
        }
    }

    /// The signal file of each mass and the background file.
    public func filesToFingerprint(masses: [Double]) -> [String] {
        masses.map { MWWBBReader.fileURL(in: folder, mass: $0).path }
    }

    /// Reads each mass's signal file and the background file.
    ///
    /// - Throws: ``DataError`` when a file is missing or holds a bad value.
    public func events(for request: DatasetRequest) throws -> (signal: EventTable, background: EventTable) {
        let sample = try MWWBBReader.read(directory: folder, masses: request.masses.isEmpty ? nil : request.masses)
        return (
            Subsample.perMass(sample.signal, request.signalPerMass, seed: request.seed),
            Subsample.count(sample.background, request.background, seed: request.seed)
        )
    }
}

extension SourceReference {
    /// A folder of m_WWbb files at an absolute path.
    public static func mwwbb(directory: String) -> SourceReference {
        SourceReference(name: MWWBBSource.name, path: directory)
    }
}
