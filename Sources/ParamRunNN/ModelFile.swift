import Foundation
import ParamRunSupport

/// Reads and writes a trained ``Network`` as a versioned binary file (see docs/NN.md).
///
/// The JSON header holds the architecture, feature names, θ column and metadata; the arrays
/// hold the parameters and the scaler as raw Float32 bits, so a loaded network predicts
/// bit for bit as the one that was written.
public enum ModelFile {
    /// The eight bytes a `.prmodel` file starts with.
    public static let magic = "PRUNMODL"
    /// The container version this code writes and reads.
    public static let formatVersion: UInt32 = 1
    /// The conventional file name extension.
    public static let pathExtension = "prmodel"

    struct Header: Codable {
        var architecture: Architecture
        var featureNames: [String]
        var thetaColumn: Int?
        var hasScaler: Bool
        var metadata: [String: String]
        var writer: String
    }

    /// Writes `network` to `url` atomically.
    public static func write(_ network: Network, to url: URL) throws {
        try BinaryContainer.writeFile(encode(network), to: url)
    }

    /// Reads a network, checking format version, checksum and shapes.
    public static func read(from url: URL) throws -> Network {
        try decode(BinaryContainer.readFile(url), path: url.path)
    }

    /// A network from a model file's bytes, read by the caller (once, from a stream perhaps);
    /// `path` names the file in errors.
    package static func read(bytes: [UInt8], path: String) throws -> Network {
        try decode(Data(bytes), path: path)
    }

    /// Whether `bytes` start as a model file does, whatever the file is named.
    package static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array(magic.utf8)) }

    static func encode(_ network: Network) throws -> Data {
        let header = Header(
            architecture: network.architecture, featureNames: network.featureNames,
            thetaColumn: network.thetaColumn, hasScaler: network.scaler != nil,
            metadata: network.metadata, writer: "paramrun \(ParamRun.version)")
        let encoder = JSONCoding.encoder()
        let arrays = [network.parameters, network.scaler?.offsets ?? [], network.scaler?.scales ?? []]
        return BinaryContainer(header: try encoder.encode(header), arrays: arrays).encoded(
            magic: magic, version: formatVersion)
    }

    static func decode(_ data: Data, path: String) throws -> Network {
        let container = try BinaryContainer.decode(data, magic: magic, version: formatVersion, path: path)
        let header: Header
        do {
            header = try JSONCoding.decoder().decode(Header.self, from: container.header)
        } catch {
            throw NNError.corruptFile(path: path, reason: "unreadable header: \(error)")
        }
        guard container.arrays.count == 3 else {
            throw NNError.corruptFile(path: path, reason: "expected 3 arrays, found \(container.arrays.count)")
        }
        for (name, values) in zip(["parameters", "scaler offsets", "scaler scales"], container.arrays) {
            // A NaN or infinite weight would make every score it reaches NaN: refused where it enters.
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                throw NNError.nonFiniteValue(path: path, array: name, index: i, value: values[i])
            }
        }
        let scaler = header.hasScaler ? try InputScaler(offsets: container.arrays[1], scales: container.arrays[2]) : nil
        do {
            return try Network(
                architecture: header.architecture, parameters: container.arrays[0], scaler: scaler,
                featureNames: header.featureNames, thetaColumn: header.thetaColumn, metadata: header.metadata)
        } catch let error as NNError {
            throw NNError.corruptFile(path: path, reason: error.description)
        }
    }
}
