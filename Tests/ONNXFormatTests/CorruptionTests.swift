import Testing
@testable import ONNXFormat
import ParamRunSupport

/// Damaged files: every outcome is a typed error or a consistent network, never a trap.
struct CorruptionTests {
    private static func smallModel() throws -> [UInt8] {
        var random = SeededGenerator(seed: 12)
        let columns = SeededNetworks.columns(3, using: &random)
        let network = SeededNetworks.network(
            inputs: 3, hidden: [4], activation: .tanh,
            scaling: SeededNetworks.minMaxScaling(columns), using: &random)
        return try ONNXExporter.serialize(network)
    }

    /// A parse either throws an ONNXError or gives a network that validates and evaluates.
    private func checkOutcome(_ bytes: [UInt8], file: String) -> Bool {
        do {
            let network = try ONNXImporter.parse(bytes: bytes, file: file)
            try network.validate()
            _ = try network.evaluate(rows: [[Float](repeating: 1, count: network.inputCount)])
            return true
        } catch {
            switch error {
            case let .malformedProtobuf(f, offset, _):
                #expect(f == file)
                #expect(offset >= 0 && offset <= bytes.count)
            case let .unsupportedGraph(f, _), let .unsupportedOperator(f, _, _), let .unreadableFile(f, _),
                let .shapeMismatch(f, _, _, _), let .nonFiniteValue(f, _, _, _, _):
                #expect(f == file)
            case .invalidDescription, .invalidInput:
                Issue.record("parse of \(file) gave a description that does not validate: \(error)")
            }
            return false
        }
    }

    @Test func everyTruncationThrowsOrParses() throws {
        let bytes = try Self.smallModel()
        var parsed = 0
        for length in 0..<bytes.count where checkOutcome(Array(bytes[0..<length]), file: "cut-\(length).onnx") {
            parsed += 1
        }
        // Only a cut that drops whole trailing metadata entries can still be a complete model.
        #expect(parsed < bytes.count / 4)
        #expect(checkOutcome(bytes, file: "whole.onnx"))
    }

    @Test func truncationInsideTheGraphIsMalformed() throws {
        let bytes = try Self.smallModel()
        let model = try ModelProto(serialized: bytes)
        let graphLength = try #require(model.graph).serialized.count
        #expect(throws: ONNXError.self) {
            try ONNXImporter.parse(bytes: Array(bytes[0..<(graphLength / 2)]), file: "half.onnx")
        }
    }

    @Test func flippedBytesThrowOrParse() throws {
        let bytes = try Self.smallModel()
        var random = SeededGenerator(seed: 99)
        for offset in 0..<bytes.count {
            for _ in 0..<3 {
                var damaged = bytes
                damaged[offset] ^= UInt8.random(in: 1...255, using: &random)
                _ = checkOutcome(damaged, file: "flip-\(offset).onnx")
            }
        }
        // Multi-byte damage as well: runs of random bytes at random places.
        for trial in 0..<500 {
            var damaged = bytes
            let start = Int.random(in: 0..<bytes.count, using: &random)
            for i in start..<min(start + Int.random(in: 1...16, using: &random), bytes.count) {
                damaged[i] = UInt8.random(in: 0...255, using: &random)
            }
            _ = checkOutcome(damaged, file: "burst-\(trial).onnx")
        }
    }

    @Test func aHugeDeclaredLengthDoesNotAllocate() {
        // Field 7 (graph) claiming 2^62 bytes: refused by the length check before any allocation.
        var w = ProtobufWriter()
        w.writeKey(7, .lengthDelimited)
        w.writeRawVarint(1 << 62)
        #expect(
            throws: ONNXError.malformedProtobuf(
                file: "huge.onnx", offset: 1,
                reason: "length 4611686018427387904 runs past the end of its enclosing message")
        ) {
            try ONNXImporter.parse(bytes: w.bytes, file: "huge.onnx")
        }
    }

    @Test func errorsReadWell() {
        let e = ONNXError.malformedProtobuf(file: "m.onnx", offset: 17, reason: "truncated varint")
        #expect(e.description == "m.onnx: not a readable ONNX file: truncated varint at byte 17")
    }
}
