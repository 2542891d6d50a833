import Foundation
@testable import ParamRunData
@testable import ParamRunSupport
import Testing

@Suite struct NPYFileTests {
    @Test func headerFollowsTheNPY1Spec() {
        let header = NPYFile.header(shape: [3, 2])
        #expect(header.count % 64 == 0)
        #expect(Array(header[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = Int(header[8]) | Int(header[9]) << 8
        #expect(length == header.count - 10)
        let dict = String(decoding: header[10...], as: UTF8.self)
        #expect(dict.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"))
        #expect(dict.hasSuffix(" \n"))
        let oneD = String(decoding: NPYFile.header(shape: [5])[10...], as: UTF8.self)
        #expect(oneD.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }"))
    }

    @Test func writesAndReadsBack() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("a.npy")
        let values: [Float] = [1, -2.5, 3e-7, .greatestFiniteMagnitude, 0, 6]
        try NPYFile.write(values, shape: [2, 3], to: url)
        let read = try NPYFile.read(url)
        #expect(read.shape == [2, 3])
        #expect(read.values == values)
    }

    @Test func rejectsOtherDtypesAndTruncation() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("a.npy")
        try NPYFile.write([1, 2, 3, 4], shape: [4], to: url)
        var bytes = try Data(contentsOf: url)
        bytes.removeLast(4)
        let short = dir.appendingPathComponent("short.npy")
        try bytes.write(to: short)
        let truncated = DataFixtures.failure { try NPYFile.read(short) }
        if case .badNPY = truncated?.kind {
        } else {
            Issue.record("expected badNPY, got \(String(describing: truncated))")
        }
        var f8 = try Data(contentsOf: url)
        let range = f8.range(of: Data("<f4".utf8))!
        f8.replaceSubrange(range, with: Data("<f8".utf8))
        let double = dir.appendingPathComponent("f8.npy")
        try f8.write(to: double)
        let dtype = DataFixtures.failure { try NPYFile.read(double) }
        if case .badNPY = dtype?.kind {} else { Issue.record("expected badNPY, got \(String(describing: dtype))") }
    }

    /// numpy itself must open what we write, and we must open what numpy writes.
    @Test(.enabled(if: NPYFileTests.numpyAvailable))
    func numpyInterop() throws {
        let dir = DataFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 3)
        let table = try TTbarGenerator().signal(mass: 700, count: 50, using: &rng)
        try table.writeArtifacts(to: dir)
        let script = """
            import numpy, sys, json
            d = sys.argv[1]
            f = numpy.load(d + '/features.npy'); l = numpy.load(d + '/labels.npy'); t = numpy.load(d + '/theta.npy')
            assert f.dtype == numpy.float32 and f.shape == (50, 27) and f.flags['C_CONTIGUOUS'], (f.dtype, f.shape)
            assert l.shape == (50,) and t.shape == (50,)
            print(repr(float(f[7, 26])), repr(float(t.sum())), repr(float(l.sum())))
            numpy.save(d + '/from_numpy.npy', numpy.arange(12, dtype=numpy.float32).reshape(3, 4) / 4)
            """
        let output = try Self.python(script, dir.path)
        let fields = output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(Float(fields[0]) == table.feature(row: 7, column: 26))
        #expect(fields[1] == 700 * 50)
        #expect(fields[2] == 50)
        let fromNumpy = try NPYFile.read(dir.appendingPathComponent("from_numpy.npy"))
        #expect(fromNumpy.shape == [3, 4])
        #expect(fromNumpy.values == (0..<12).map { Float($0) / 4 })
    }

    static let numpyAvailable: Bool = (try? python("import numpy", "")) != nil

    static func python(_ script: String, _ argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, argument]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DataError(.io("python3 failed")) }
        return String(decoding: data, as: UTF8.self)
    }
}
