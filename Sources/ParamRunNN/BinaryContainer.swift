import CZlib
import Foundation
import ParamRunSupport

/// The byte layout shared by model files and checkpoints (all integers little-endian):
///
/// | offset | size | content |
/// | --- | --- | --- |
/// | 0 | 8 | magic, ASCII (`PRUNMODL` or `PRUNCKPT`) |
/// | 8 | 4 | format version, UInt32 |
/// | 12 | 4 | header length H, UInt32 |
/// | 16 | H | header, UTF-8 JSON |
/// | 16+H | 4 | array count A, UInt32 |
/// | … | 8 + 4n | A times: element count n (UInt64), then n Float32 values (IEEE 754 bits) |
/// | end−4 | 4 | CRC-32 (zlib polynomial) of every byte before it |
struct BinaryContainer {
    var header: Data
    var arrays: [[Float]]

    func encoded(magic: String, version: UInt32) -> Data {
        var data = Data()
        data.reserveCapacity(32 + header.count + arrays.reduce(0) { $0 + 8 + 4 * $1.count })
        data.append(contentsOf: Array(magic.utf8))
        data.appendLittleEndian(version)
        data.appendLittleEndian(UInt32(header.count))
        data.append(header)
        data.appendLittleEndian(UInt32(arrays.count))
        for array in arrays {
            data.appendLittleEndian(UInt64(array.count))
            array.withUnsafeBufferPointer { values in
                var bits = [UInt32](repeating: 0, count: values.count)
                for i in 0..<values.count { bits[i] = values[i].bitPattern.littleEndian }
                bits.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        data.appendLittleEndian(Self.crc32(data))
        return data
    }

    /// Parses `data`, checking magic, version, lengths and checksum, and naming `path` in errors.
    static func decode(_ data: Data, magic: String, version: UInt32, path: String) throws -> BinaryContainer {
        let bytes = [UInt8](data)
        func corrupt(_ reason: String) -> NNError { .corruptFile(path: path, reason: reason) }
        let magicBytes = Array(magic.utf8)
        guard bytes.count >= 12 else { throw corrupt("only \(bytes.count) bytes, too short for a header") }
        guard Array(bytes[0..<8]) == magicBytes else { throw corrupt("does not start with \(magic)") }
        let found = bytes.readUInt32(at: 8)
        guard found == version else { throw NNError.unsupportedVersion(path: path, expected: version, found: found) }
        guard bytes.count >= 24 else { throw corrupt("truncated: \(bytes.count) bytes") }
        let stored = bytes.readUInt32(at: bytes.count - 4)
        let computed = bytes.withUnsafeBufferPointer { crc32Bytes(UnsafeRawBufferPointer($0), count: bytes.count - 4) }
        guard stored == computed else { throw corrupt("checksum mismatch (truncated or damaged)") }
        var offset = 12
        let headerLength = Int(bytes.readUInt32(at: offset))
        offset += 4
        guard offset + headerLength + 4 <= bytes.count - 4 else {
            throw corrupt("header length \(headerLength) runs past the end")
        }
        let header = Data(bytes[offset..<(offset + headerLength)])
        offset += headerLength
        let arrayCount = Int(bytes.readUInt32(at: offset))
        offset += 4
        var arrays: [[Float]] = []
        for index in 0..<arrayCount {
            guard offset + 8 <= bytes.count - 4 else { throw corrupt("array \(index) starts past the end") }
            let count = bytes.readUInt64(at: offset)
            offset += 8
            guard count <= UInt64((bytes.count - 4 - offset) / 4) else {
                throw corrupt("array \(index) of \(count) values runs past the end")
            }
            let n = Int(count)
            var values = [Float](repeating: 0, count: n)
            bytes.withUnsafeBytes { raw in
                for i in 0..<n {
                    values[i] = Float(
                        bitPattern: UInt32(
                            littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)))
                }
            }
            arrays.append(values)
            offset += 4 * n
        }
        guard offset == bytes.count - 4 else {
            throw corrupt("\(bytes.count - 4 - offset) unexpected bytes before the checksum")
        }
        return BinaryContainer(header: header, arrays: arrays)
    }

    static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { crc32Bytes($0, count: $0.count) }
    }

    private static func crc32Bytes(_ raw: UnsafeRawBufferPointer, count: Int) -> UInt32 {
        var crc: uLong = CZlib.crc32(0, nil, 0)
        var offset = 0
        while offset < count {
            let chunk = min(count - offset, 1 << 30)
            crc = CZlib.crc32(
                crc, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(chunk))
            offset += chunk
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}

extension BinaryContainer {
    /// Writes a container file atomically (``AtomicFile``), as an ``NNError`` naming the file.
    static func writeFile(_ data: Data, to url: URL) throws {
        do {
            try AtomicFile.write(data, to: url)
        } catch {
            throw NNError.io(path: url.path, reason: error.description)
        }
    }

    /// Reads a container file, as an ``NNError`` naming the file.
    static func readFile(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw NNError.io(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
    }
}

extension Data {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension Array where Element == UInt8 {
    func readUInt32(at offset: Int) -> UInt32 {
        withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    func readUInt64(at offset: Int) -> UInt64 {
        withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
