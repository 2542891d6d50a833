import Foundation
import ParamRunSupport

/// The state of a training after a whole epoch: enough to continue it so that it ends with the
/// same weights, bit for bit, as a training that was never interrupted.
///
/// It is written atomically after every epoch to `checkpoint.prckpt` in the checkpoint directory.
package struct Checkpoint: Sendable {
    package static let magic = "PRUNCKPT"
    package static let formatVersion: UInt32 = 1
    package static let fileName = "checkpoint.prckpt"

    /// Identifies the training (architecture, configuration except epochs, data), so a
    /// checkpoint is never resumed into another one.
    package var fingerprint: String
    /// Epochs finished, counted from 1.
    package var epochsCompleted: Int
    /// True when training ended (all epochs run, or stopped early).
    package var finished: Bool
    package var stoppedEarly: Bool
    package var generatorState: [UInt64]
    package var optimizerStep: Int
    package var reports: [EpochReport]
    package var bestValidationLoss: Double?
    package var bestEpoch: Int?
    package var epochsWithoutImprovement: Int
    package var parameters: [Float]
    package var optimizerSlots: [Float]
    /// The weights of the best epoch, kept only when early stopping restores them.
    package var bestParameters: [Float]

    struct Header: Codable {
        var fingerprint: String
        var epochsCompleted: Int
        var finished: Bool
        var stoppedEarly: Bool
        var generatorState: [UInt64]
        var optimizerStep: Int
        var reports: [EpochReport]
        var bestValidationLoss: Double?
        var bestEpoch: Int?
        var epochsWithoutImprovement: Int
    }

    /// The checkpoint file inside `directory`.
    package static func url(in directory: URL) -> URL { directory.appendingPathComponent(fileName) }

    /// Writes atomically, so a kill during the write leaves the previous epoch's checkpoint intact.
    package func write(to url: URL) throws {
        let header = Header(
            fingerprint: fingerprint, epochsCompleted: epochsCompleted, finished: finished,
            stoppedEarly: stoppedEarly, generatorState: generatorState, optimizerStep: optimizerStep,
            reports: reports, bestValidationLoss: bestValidationLoss, bestEpoch: bestEpoch,
            epochsWithoutImprovement: epochsWithoutImprovement)
        let data = BinaryContainer(
            header: try JSONCoding.encoder().encode(header), arrays: [parameters, optimizerSlots, bestParameters]
        )
        .encoded(magic: Self.magic, version: Self.formatVersion)
        try BinaryContainer.writeFile(data, to: url)
    }

    /// Reads a checkpoint, checking format version and checksum.
    package static func read(from url: URL) throws -> Checkpoint {
        let container = try BinaryContainer.decode(
            BinaryContainer.readFile(url), magic: magic, version: formatVersion, path: url.path)
        let header: Header
        do {
            header = try JSONCoding.decoder().decode(Header.self, from: container.header)
        } catch {
            throw NNError.corruptFile(path: url.path, reason: "unreadable header: \(error)")
        }
        guard container.arrays.count == 3 else {
            throw NNError.corruptFile(path: url.path, reason: "expected 3 arrays, found \(container.arrays.count)")
        }
        return Checkpoint(
            fingerprint: header.fingerprint, epochsCompleted: header.epochsCompleted, finished: header.finished,
            stoppedEarly: header.stoppedEarly, generatorState: header.generatorState,
            optimizerStep: header.optimizerStep, reports: header.reports,
            bestValidationLoss: header.bestValidationLoss, bestEpoch: header.bestEpoch,
            epochsWithoutImprovement: header.epochsWithoutImprovement, parameters: container.arrays[0],
            optimizerSlots: container.arrays[1], bestParameters: container.arrays[2])
    }
}
