import Foundation
import ParamRunSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes float32 arrays in NumPy's `.npy` format (version 1.0, C order, little-endian).
///
/// The layout follows the NPY specification: the magic `\x93NUMPY`, version bytes, a
/// little-endian header length, and a Python dict literal padded with spaces and a final
/// newline so that the data starts on a 64-byte boundary.
package enum NPYFile {
    /// An array read from a `.npy` file.
    package struct Array: Equatable, Sendable {
        package var shape: [Int]
        package var values: [Float]
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// The complete header (magic through padding newline) for a float32 array of this shape.
    package static func header(shape: [Int]) -> [UInt8] {
        let dims: String
        switch shape.count {
        case 0: dims = "()"
        case 1: dims = "(\(shape[0]),)"
        default: dims = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = Swift.Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(dims), }".utf8)
        let unpadded = magic.count + 2 + 2 + dict.count + 1
        let padding = (64 - unpadded % 64) % 64
        dict.append(contentsOf: Swift.Array(repeating: 0x20, count: padding))
        dict.append(0x0A)
        var out = magic + [1, 0]
        out.append(UInt8(dict.count & 0xFF))
        out.append(UInt8(dict.count >> 8))
        out.append(contentsOf: dict)
        return out
    }

    /// Writes `values` with the given shape, atomically (a temporary file renamed into place).
    package static func write(_ values: [Float], shape: [Int], to url: URL) throws {
        precondition(shape.reduce(1, *) == values.count, "shape does not match the value count")
        let writer = try NPYWriter(url: url, shape: shape)
        try values.withUnsafeBufferPointer { try writer.append($0) }
        try writer.finish()
    }

    /// Reads a float32 C-ordered array.
    package static func read(_ url: URL) throws -> Array {
        let reader = try NPYReader(url: url)
        defer { reader.close() }
        let total = reader.shape.reduce(1, *)
        let values = try [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
            try reader.read(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<total]))
            initialized = total
        }
        return Array(shape: reader.shape, values: values)
    }
}

/// Streams a float32 array into a `.npy` file, for tables too big to hold twice.
final class NPYWriter {
    let url: URL
    let tempPath: String
    let file: UnsafeMutablePointer<FILE>
    let expected: Int
    var written = 0

    init(url: URL, shape: [Int]) throws {
        guard UInt32(littleEndian: 1) == 1 else { throw DataError(.badNPY("big-endian hosts are not supported")) }
        self.url = url
        self.expected = shape.reduce(1, *)
        tempPath = AtomicFile.temporaryPath(for: url)
        guard let f = fopen(tempPath, "wb") else {
            throw DataError(.cannotOpen(String(cString: strerror(errno))), path: tempPath)
        }
        file = f
        let header = NPYFile.header(shape: shape)
        guard header.count < 65536 + 10 else { throw DataError(.badNPY("shape too long for NPY 1.0"), path: url.path) }
        try header.withUnsafeBytes { try put($0) }
    }

    private func put(_ raw: UnsafeRawBufferPointer) throws {
        guard raw.count > 0 else { return }
        if fwrite(raw.baseAddress, 1, raw.count, file) != raw.count {
            let why = String(cString: strerror(errno))
            fclose(file)
            unlink(tempPath)
            throw DataError(.io(why), path: url.path)
        }
    }

    func append(_ values: UnsafeBufferPointer<Float>) throws {
        written += values.count
        try put(UnsafeRawBufferPointer(values))
    }

    func finish() throws {
        guard written == expected else {
            fclose(file)
            unlink(tempPath)
            throw DataError(.badNPY("wrote \(written) values, shape needs \(expected)"), path: url.path)
        }
        guard fflush(file) == 0, fsync(fileno(file)) == 0, fclose(file) == 0 else {
            let why = AtomicFile.systemError()
            unlink(tempPath)
            throw DataError(.io(why), path: url.path)
        }
        do {
            try AtomicFile.commit(temporary: tempPath, to: url)
        } catch {
            throw DataError(.io(error.description), path: url.path)
        }
    }
}

/// Reads the header of a `.npy` file, then its float32 payload in pieces.
final class NPYReader {
    let path: String
    let file: UnsafeMutablePointer<FILE>
    let shape: [Int]

    init(url: URL) throws {
        path = url.path
        guard let f = fopen(path, "rb") else {
            throw DataError(.cannotOpen(String(cString: strerror(errno))), path: path)
        }
        file = f
        do {
            shape = try NPYReader.parseHeader(file: f, path: path)
        } catch {
            fclose(f)
            throw error
        }
    }

    func close() { fclose(file) }

    private static func parseHeader(file: UnsafeMutablePointer<FILE>, path: String) throws -> [Int] {
        func bad(_ why: String) -> DataError { DataError(.badNPY(why), path: path) }
        var prefix = [UInt8](repeating: 0, count: 8)
        guard fread(&prefix, 1, 8, file) == 8, Array(prefix[0..<6]) == NPYFile.magic else {
            throw bad("missing NPY magic")
        }
        let major = prefix[6]
        var headerLength: Int
        switch major {
        case 1:
            var len = [UInt8](repeating: 0, count: 2)
            guard fread(&len, 1, 2, file) == 2 else { throw bad("truncated header") }
            headerLength = Int(len[0]) | Int(len[1]) << 8
        case 2, 3:
            var len = [UInt8](repeating: 0, count: 4)
            guard fread(&len, 1, 4, file) == 4 else { throw bad("truncated header") }
            headerLength = Int(len[0]) | Int(len[1]) << 8 | Int(len[2]) << 16 | Int(len[3]) << 24
        default:
            throw bad("unsupported NPY version \(major)")
        }
        var dictBytes = [UInt8](repeating: 0, count: headerLength)
        guard fread(&dictBytes, 1, headerLength, file) == headerLength else { throw bad("truncated header") }
        let dict = String(decoding: dictBytes, as: UTF8.self)
        func value(of key: String) -> Substring? {
            guard let r = dict.range(of: "'\(key)':") else { return nil }
            return dict[r.upperBound...].drop(while: { $0 == " " })
        }
        guard let descr = value(of: "descr"), descr.hasPrefix("'<f4'") || descr.hasPrefix("'float32'") else {
            throw bad("only little-endian float32 ('<f4') arrays are supported")
        }
        guard let fortran = value(of: "fortran_order"), fortran.hasPrefix("False") else {
            throw bad("only C-ordered arrays are supported")
        }
        guard let shapeText = value(of: "shape"), shapeText.first == "(",
            let close = shapeText.firstIndex(of: ")")
        else {
            throw bad("missing shape")
        }
        let inner = shapeText[shapeText.index(after: shapeText.startIndex)..<close]
        var dims = [Int]()
        for part in inner.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let d = Int(trimmed), d >= 0 else { throw bad("bad shape '\(inner)'") }
            dims.append(d)
        }
        return dims
    }

    /// Fills `buffer` with the next `buffer.count` values.
    func read(into buffer: UnsafeMutableBufferPointer<Float>) throws {
        guard buffer.count > 0 else { return }
        if fread(buffer.baseAddress, MemoryLayout<Float>.size, buffer.count, file) != buffer.count {
            throw DataError(.badNPY("file is shorter than its shape says"), path: path)
        }
    }
}
