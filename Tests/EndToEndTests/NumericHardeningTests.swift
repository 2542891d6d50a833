import Foundation
import ParamRunTestSupport
import Testing

/// Numeric and size limits met through the built binary (issue 26, classes 4, 6 and 17).
@Suite struct NumericHardeningTests {
    /// A sparse file over the ceiling costs no disk, and is refused before it is read.
    @Test func aSpecFileAboveSixteenMebibytesIsRefusedByName() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("huge.yaml")
        try Data("name: huge\n".utf8).write(to: spec)
        let handle = try FileHandle(forWritingTo: spec)
        try handle.truncate(atOffset: 16 * 1024 * 1024 + 1)
        try handle.close()
        let result = try Binary.run(["validate", "huge.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("huge.yaml:1:1: error: the spec file is 16.8 MB, more than the 16 MiB"))
    }

    @Test func anOutputsPathThatIsAFileIsRefusedBeforeAnyWork() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let spec = Binary.fixtures.appendingPathComponent("specs/run/toy-stats.yaml").path
        for outputs in [file.path, file.appendingPathComponent("below").path] {
            let result = try Binary.run(["run", spec, "--outputs", outputs, "--quiet"], in: folder)
            #expect(result.status == 64)
            #expect(result.stderr.contains("'\(file.path)' is a file, not a folder"))
            #expect(!result.stderr.contains("Code=512"))
        }
        // The spec's own folder under outputs is a file.
        let outputs = folder.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: outputs.appendingPathComponent("toy-stats"))
        let result = try Binary.run(["run", spec, "--outputs", outputs.path, "--quiet"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("toy-stats' is a file, not a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputs.path) == ["toy-stats"])
    }

    @Test func generateRefusesThetaItsGeneratorCannotMake() throws {
        let folder = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["--masses", "300,1000"], ["--masses", "1e300"], ["--jes", "-0.99"]] {
            let result = try Binary.run(
                ["generate", "--generator", "xttbar", "-o", "out.csv"] + arguments, in: folder)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.csv").path))
        }
    }
}
