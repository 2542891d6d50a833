import Foundation
import ParamRunSupport
import ParamRunTestSupport
import Testing

/// The one output writer refuses what a rename would destroy: special files and the input.
@Suite struct AtomicFileTests {
    func refusal(_ body: () throws(SupportError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            if case .refusedDestination = error { return error.description }
            return nil
        }
    }

    @Test func aSymlinkDestinationIsRefusedAndItsTargetKept() throws {
        let folder = try TemporaryDirectory.make("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.csv"), link = folder.appendingPathComponent("link.csv")
        try Data("kept\n".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let message = refusal { () throws(SupportError) in try AtomicFile.write("new\n", to: link) }
        #expect(message?.contains("\(link.path): it is a symbolic link") == true, "\(message ?? "no error")")
        #expect(try String(contentsOf: target, encoding: .utf8) == "kept\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
    }

    @Test func aFIFOAFolderAndADeviceAreRefused() throws {
        let folder = try TemporaryDirectory.make("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(refusal { () throws(SupportError) in try AtomicFile.write("x", to: fifo) }?.contains("a FIFO") == true)
        #expect(
            refusal { () throws(SupportError) in try AtomicFile.write("x", to: folder) }?.contains("a folder") == true)
        // Only checked, never written: a rename over /dev/null would replace it for everyone.
        let device = refusal { () throws(SupportError) in
            try AtomicFile.checkDestination(URL(fileURLWithPath: "/dev/null"))
        }
        #expect(device?.contains("a device") == true)
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func theInputIsRefusedByInodeWhateverPathNamesIt() throws {
        let folder = try TemporaryDirectory.make("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.csv"), hardLink = folder.appendingPathComponent("same.csv")
        try Data("input\n".utf8).write(to: input)
        #expect(link(input.path, hardLink.path) == 0)
        let dotted = URL(fileURLWithPath: folder.path + "/./in.csv")
        for destination in [input, hardLink, dotted] {
            let message = refusal { () throws(SupportError) in
                try AtomicFile.write("out\n", to: destination, inputs: [input])
            }
            #expect(message?.contains("it is the input file") == true, "\(destination.path)")
        }
        #expect(try String(contentsOf: input, encoding: .utf8) == "input\n")
        // A different regular file is replaced, as before.
        let other = folder.appendingPathComponent("out.csv")
        try Data("old\n".utf8).write(to: other)
        try AtomicFile.write("new\n", to: other, inputs: [input])
        #expect(try String(contentsOf: other, encoding: .utf8) == "new\n")
    }

    @Test func aLinkPlantedAtTheTemporaryNameIsNotWrittenThrough() throws {
        let folder = try TemporaryDirectory.make("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let elsewhere = folder.appendingPathComponent("elsewhere.txt"), out = folder.appendingPathComponent("out.txt")
        try Data("untouched".utf8).write(to: elsewhere)
        try FileManager.default.createSymbolicLink(
            atPath: AtomicFile.temporaryPath(for: out), withDestinationPath: elsewhere.path)
        try AtomicFile.write("result", to: out)
        #expect(try String(contentsOf: elsewhere, encoding: .utf8) == "untouched")
        #expect(try String(contentsOf: out, encoding: .utf8) == "result")
    }

    @Test func copyWritesTheSameBytes() throws {
        let folder = try TemporaryDirectory.make("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SeededGenerator(seed: 26)
        let bytes = Data((0..<(3 << 20) + 17).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let source = folder.appendingPathComponent("a.bin"), copy = folder.appendingPathComponent("b.bin")
        try bytes.write(to: source)
        try AtomicFile.copy(from: source, to: copy)
        #expect(try Data(contentsOf: copy) == bytes)
    }
}
